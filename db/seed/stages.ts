// Plays one challenge of the demo programme up to its stage, as its owner, applicants, sponsors and judges
// would through the pages: each step is the command the page's action calls (parsed by the same form
// schema, checked by the same rule where the route checks one), followed by the audit event the route
// records; background jobs run in-process through the worker's own handlers.
import { challengeFormSchema } from "../../app/server/challenges/challenge-form";
import { createChallenge, publishChallenge } from "../../app/server/challenges/commands.server";
import { db } from "../../app/server/connections.server";
import { acceptInvitation, createInvitation } from "../../app/server/judging/invitations.server";
import { pastDeadlineSql } from "../../app/server/challenges/open-rule.server";
import { conflictSchema, declareOrgConflict, getJudge, profileSchema, updateJudgeProfile } from "../../app/server/judging/panel.server";
import { rankedProposals, releaseFeedback, saveShortlist } from "../../app/server/judging/results.server";
import { getReviewForJudge, listMyReviews, recuse, reviewFormSchema, saveReview } from "../../app/server/judging/reviews.server";
import { answerPairing, listPairs, pairingForStartup, publishPairing } from "../../app/server/pairing/pairings.server";
import { saveProposal, startProposal, withdrawProposal } from "../../app/server/proposals/commands.server";
import { proposalFormSchema } from "../../app/server/proposals/proposal-form";
import { getOwnProposal } from "../../app/server/proposals/queries.server";
import { decideOffer, offerSchema, saveOffer, sponsorableChallenge } from "../../app/server/sponsorship/sponsorships.server";
import { assignJudges } from "../../jobs/judging/assign-judges";
import { scoreProposals } from "../../jobs/judging/score-proposals";
import { pairTeams } from "../../jobs/pairing/pair-teams";
import type { Cast } from "./cast";
import { attach } from "./attach";
import {
  DECLARED_CONFLICTS, ELIGIBILITY_QUESTIONS, REQUIRED_ANSWER, JUDGES, OFFERS, OPEN_INVITATION, PAIRING_ANSWERS, PROPOSALS, RECUSAL_REASON, REVIEW_PLANS, RUBRIC,
  SHORTLIST, reached, type ChallengeSpec, type ProposalSpec, type ReviewStep,
} from "./programme";
import { dayInput, form, recordAs, runJob, signedIn, type Person } from "./support";
import { moveChallengeDates, moveJudgingDates, movePublicationDate } from "./time";

export interface PlayedChallenge {
  id: string;
  /** Proposal id → what it was made from. */
  proposals: Map<string, ProposalSpec>;
  /** The link of the invitation left open on this challenge, if any. */
  openInvitation?: { email: string; link: string; token: string };
}

const REVIEW_COMMENTS = [
  "Strong evidence of need and a realistic plan.",
  "Good idea; the budget looks tight for what is promised.",
  "Would like clearer measures of success and a plan for after the pilot.",
];

export async function playChallenge(cast: Cast, spec: ChallengeSpec): Promise<PlayedChallenge> {
  const owner = cast.member(spec.owner);
  const id = await draftChallenge(owner, spec);
  const played: PlayedChallenge = { id, proposals: new Map() };
  if (spec.stage === "draft") return played;

  if (!(await publishChallenge(await signedIn(owner, `/my/challenges/${id}`), { id, orgId: owner.orgId! }))) throw new Error(`demo seed: "${spec.title}" could not be published`);
  if (spec.stage === "upcoming") return finishOpen(played);

  for (const p of PROPOSALS.filter((p) => p.challenge === spec.key)) played.proposals.set(await apply(cast.member(p.startup), id, p), p);
  await offerSponsorship(cast, spec, id);
  if (!reached(spec.stage, "closed")) return finishOpen(played);

  // The deadline passes (the challenge was created to close tomorrow, so proposals could be submitted).
  await moveChallengeDates(id, spec.opens, spec.closes);
  played.openInvitation = await formPanel(cast, owner, spec, id);
  if (!reached(spec.stage, "in_review")) return played;

  await assign(owner, id);
  await review(cast, spec, played);
  if (reached(spec.stage, "shortlisted")) await scoreAndShortlist(owner, spec, id);
  if (reached(spec.stage, "pairing_published")) {
    await pairAndPublish(cast, owner, id);
    await answerPairings(cast, id, reached(spec.stage, "teams"));
  }
  await moveJudgingDates(id);
  return played;
}

async function finishOpen(played: PlayedChallenge): Promise<PlayedChallenge> {
  await movePublicationDate(played.id);
  return played;
}

/** The owner fills in the challenge form. One that is to be closed by now opens today and closes tomorrow, until time moves on. */
async function draftChallenge(owner: Person, spec: ChallengeSpec): Promise<string> {
  const theme = await db().selectFrom("themes").select("id").where("slug", "=", spec.theme).executeTakeFirstOrThrow();
  const areas = await db().selectFrom("areas").select("id").where("slug", "in", spec.areas).execute();
  const closedByNow = reached(spec.stage, "closed");
  const input = form(challengeFormSchema, {
    title: spec.title,
    summary: spec.summary,
    problemStatement: `${spec.summary}\n\nWe have tried several approaches over the last three years, but the problem persists and falls hardest on residents who are already disadvantaged.\n\nWe want a pilot that can show measurable results within its run and a credible route to scale across the city.`,
    themeId: theme.id,
    areaIds: areas.map((a) => a.id),
    fundingKind: spec.funding[0],
    fundingGbp: spec.funding[1],
    pilotWeeks: spec.pilotWeeks,
    opensAt: dayInput(closedByNow ? 0 : spec.opens),
    closesAt: dayInput(closedByNow ? 1 : spec.closes),
    blindReview: spec.blind ? "yes" : "no",
    reviewsPerProposal: spec.judgesPerProposal ?? 3,
    eligibilityQuestions: ELIGIBILITY_QUESTIONS.join("\n"),
    requiredAnswers: [REQUIRED_ANSWER],
    criteria: RUBRIC,
  });
  return createChallenge(await signedIn(owner, "/my/challenges/new"), owner.orgId!, owner.userId, input);
}

/** A start-up starts a proposal, writes it (attaching files while it is a draft), and submits or withdraws it. */
async function apply(startup: Person, challengeId: string, p: ProposalSpec): Promise<string> {
  // The start-up answers the required questions first (every demo start-up is a small firm).
  const required = await db().selectFrom("eligibility_questions").select(["id", "accepted"])
    .where("challenge_id", "=", challengeId).where("options", "is not", null).execute();
  const started = await startProposal(await signedIn(startup, `/challenges/${challengeId}/apply`), challengeId, startup.orgId!, startup.userId,
    Object.fromEntries(required.map((q) => [q.id, q.accepted[0]!])));
  if (started.kind !== "started") throw new Error(`demo seed: "${p.title}" could not start: ${JSON.stringify(started)}`);
  const ref = { id: started.id, orgId: startup.orgId! };
  const questions = (await getOwnProposal(ref))!.questions;
  const values = {
    title: p.title,
    summary: p.summary,
    approach: `${p.summary} We will co-design it with residents and front-line staff for four weeks, run it in two neighbourhoods for eight weeks, and measure the change against a matched comparison area.`,
    expectedImpact: "A measurable improvement for at least 500 residents during the pilot, with the data published openly.",
    team: "Three founders with backgrounds in public services, software engineering and community organising.",
    requestedGbp: p.requested,
    trl: p.trl,
    tags: p.tags,
    needs: p.needs,
    answers: Object.fromEntries(questions.map((q) => [q.id, "Yes."])),
  };
  const path = `/my/proposals/${ref.id}`;
  const save = async (intent: "save" | "submit") => {
    const saved = await saveProposal(await signedIn(startup, path), ref, form(proposalFormSchema, { ...values, intent }));
    if (saved.result !== (intent === "save" ? "saved" : "submitted")) throw new Error(`demo seed: "${p.title}" was not ${intent}d: ${JSON.stringify(saved)}`);
  };
  await save("save");
  for (const file of p.files ?? []) await attach(startup, path, { proposalId: ref.id }, file);
  if (p.ends === "draft") return ref.id;
  await save("submit");
  if (p.ends === "withdrawn") {
    await withdrawProposal(await signedIn(startup, path), ref);
  }
  return ref.id;
}

/** Corporates offer sponsorship while the challenge is open; the owner accepts or declines (or has yet to). */
async function offerSponsorship(cast: Cast, spec: ChallengeSpec, challengeId: string) {
  for (const o of OFFERS.filter((o) => o.challenge === spec.key)) {
    const corporate = cast.member(o.corporate);
    if (!(await sponsorableChallenge(challengeId))) throw new Error(`demo seed: "${spec.title}" cannot be sponsored`);
    const sponsorshipId = await saveOffer(await signedIn(corporate, `/challenges/${challengeId}/sponsor`), { challengeId, orgId: corporate.orgId!, userId: corporate.userId }, form(offerSchema, {
      fundingGbp: o.funding, inKind: o.inKind, capacity: o.capacity, prefThemes: [spec.theme], prefTags: o.prefTags,
      trlMin: 4, trlMax: 9, prefAreaIds: [], excludedOrgIds: [], note: "We would like to meet the shortlisted teams.",
    }));
    if (o.decision !== "undecided") {
      const owner = cast.member(spec.owner);
      await decideOffer(await signedIn(owner, `/my/challenges/${challengeId}/sponsors`), { challengeId, orgId: owner.orgId!, sponsorshipId, accept: o.decision === "accepted" });
    }
  }
}

/** The owner invites the panel; each judge accepts the link, fills in their profile and declares conflicts. */
async function formPanel(cast: Cast, owner: Person, spec: ChallengeSpec, challengeId: string): Promise<PlayedChallenge["openInvitation"]> {
  for (const j of JUDGES) {
    const judge = cast.person(j.email);
    const { token } = await createInvitation({ challengeId, email: j.email, invitedBy: owner.userId });
    const accepted = await acceptInvitation(token, judge.userId);
    if (!accepted.ok) throw new Error(`demo seed: ${j.email} could not accept the invitation: ${accepted.reason}`);
    const { id: judgeId } = (await getJudge({ challengeId, userId: judge.userId }))!;
    await updateJudgeProfile(judgeId, form(profileSchema, { capacity: j.capacity, themes: j.themes, tags: j.tags, expertise: j.expertise }));
    for (const c of DECLARED_CONFLICTS.filter((c) => c.challenge === spec.key && c.judge === j.email)) {
      await declareOrgConflict({ id: judgeId, user_id: judge.userId }, form(conflictSchema, { orgId: cast.orgId(c.org), relation: "advises", note: c.note }));
    }
  }
  if (OPEN_INVITATION.challenge !== spec.key) return undefined;
  const { token, link } = await createInvitation({ challengeId, email: OPEN_INVITATION.email, invitedBy: owner.userId });
  return { email: OPEN_INVITATION.email, link, token };
}

/** What the owner's challenge pages (assignments, results, pairing) record after each button: the intent it was. */
function changedBy(owner: Person, challengeId: string, page: string, action: "judging.updated" | "challenge.updated" | "pairing.updated") {
  return (intent: string) => recordAs(owner, `/my/challenges/${challengeId}/${page}`, {
    action, subject: { type: "challenge", id: challengeId, orgId: owner.orgId }, detail: { intent },
  });
}

/** "Assign judges", after the deadline as the page requires. */
async function assign(owner: Person, challengeId: string) {
  const c = await db().selectFrom("challenges").select(pastDeadlineSql.as("past")).where("id", "=", challengeId).executeTakeFirstOrThrow();
  if (!c.past) throw new Error("demo seed: judges are assigned once the challenge has closed");
  await runJob("assign-judges", challengeId, owner.userId, (ctx) => assignJudges(db(), ctx));
  await changedBy(owner, challengeId, "assignments", "judging.updated")("assign");
}

/** Each judge opens their assignments and scores them (or saves a draft, steps aside, or has not started). */
async function review(cast: Cast, spec: ChallengeSpec, played: PlayedChallenge) {
  for (const [j, judgeSpec] of JUDGES.entries()) {
    const judge = cast.person(judgeSpec.email);
    const mine = (await listMyReviews(judge.userId)).filter((r) => r.challenge_id === played.id);
    for (const r of mine) {
      // Challenges are played a few at a time, and a conflict belongs to the person: one declared on another
      // panel meanwhile (decision 013) may have ended this review since it was listed. The judge no
      // longer sees it, so neither does the seed.
      const found = await getReviewForJudge({ reviewId: r.id, userId: judge.userId });
      if (!found) continue;
      const proposal = played.proposals.get(found.proposalId)!;
      const step: ReviewStep = REVIEW_PLANS[spec.key]?.[judgeSpec.email]?.[proposal.title] ?? "submit";
      if (step === "leave") continue;
      const path = `/judging/reviews/${r.id}`;
      const applicantOrg = (await db().selectFrom("proposals").select("org_id").where("id", "=", found.proposalId).executeTakeFirstOrThrow()).org_id;
      await recordAs(judge, path, { action: "proposal.viewed", subject: { type: "proposal", id: found.proposalId, orgId: applicantOrg }, detail: { as: "judge" } }, "GET");
      const ref = { reviewId: r.id, judgeUserId: judge.userId };
      if (step === "recuse") {
        if (!(await recuse(await signedIn(judge, path), ref, RECUSAL_REASON))) throw new Error("demo seed: a judge could not step aside");
        continue;
      }
      // Scores sit around the proposal's quality, shifted by the judge's leniency, a point up or down by criterion.
      const wobble = [0, 1, 0, -1];
      const scored = step === "submit" ? found.criteria : found.criteria.slice(0, 2);
      const scores = Object.fromEntries(scored.map((c, k) => [c.id, {
        score: String(Math.max(0, Math.min(5, Math.round((proposal.quality ?? 3) + judgeSpec.leniency + wobble[(k + j) % 4]!)))),
        comment: k === 0 ? "Clear about who benefits and how much." : "",
      }]));
      const saved = await saveReview(await signedIn(judge, path), ref, form(reviewFormSchema, { intent: step, comment: REVIEW_COMMENTS[j]!, scores }));
      if (saved.result !== (step === "submit" ? "submitted" : "saved")) throw new Error(`demo seed: a review was not ${step}ed: ${JSON.stringify(saved)}`);
    }
  }
}

/** "Score proposals", then the owner shortlists the best-ranked and releases feedback. */
async function scoreAndShortlist(owner: Person, spec: ChallengeSpec, challengeId: string) {
  const changed = changedBy(owner, challengeId, "results", "challenge.updated");
  await runJob("score-proposals", challengeId, owner.userId, (ctx) => scoreProposals(db(), ctx));
  await changed("score");
  const ranked = await rankedProposals(challengeId);
  const managed = { challengeId, orgId: owner.orgId! };
  const page = `/my/challenges/${challengeId}/results`;
  await saveShortlist(await signedIn(owner, page), managed, ranked.slice(0, SHORTLIST[spec.key] ?? 1).map((p) => p.id));
  await releaseFeedback(await signedIn(owner, page), managed);
}

/** "Pair teams", then the owner publishes the pairs; each accepted sponsor reads its shortlist. */
async function pairAndPublish(cast: Cast, owner: Person, challengeId: string) {
  const changed = changedBy(owner, challengeId, "pairing", "pairing.updated");
  await runJob("pair-teams", challengeId, owner.userId, (ctx) => pairTeams(db(), ctx));
  await changed("pair");
  await publishPairing(await signedIn(owner, `/my/challenges/${challengeId}/pairing`), { challengeId, orgId: owner.orgId! }); // and its notices and audit row, in one transaction
  const sponsors = await db().selectFrom("sponsorships").select(["id", "org_id"]).where("challenge_id", "=", challengeId).where("status", "=", "accepted").execute();
  const shortlist = await db().selectFrom("proposals").select(["id", "org_id"]).where("challenge_id", "=", challengeId).where("status", "=", "shortlisted").execute();
  for (const s of sponsors) {
    for (const p of shortlist) {
      await recordAs(cast.memberOf(s.org_id), `/my/sponsorships/${s.id}`, { action: "proposal.viewed", subject: { type: "proposal", id: p.id, orgId: p.org_id }, detail: { as: "sponsor" } }, "GET");
    }
  }
}

/**
 * The start-up and the sponsor of each published pair answer: as PAIRING_ANSWERS says, or (where the teams
 * have formed) both accept, which forms the team and its draft pilot.
 */
async function answerPairings(cast: Cast, challengeId: string, teamsFormed: boolean) {
  for (const pair of await listPairs(challengeId)) {
    const plan = PAIRING_ANSWERS[pair.title] ?? (teamsFormed ? { startup: "accept", sponsor: "accept" } : { startup: "wait", sponsor: "wait" });
    const sponsorship = await db().selectFrom("pairings").innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id")
      .select(["sponsorships.id", "sponsorships.org_id"]).where("pairings.id", "=", pair.id).executeTakeFirstOrThrow();
    const startupOrg = (await db().selectFrom("proposals").select("org_id").where("id", "=", pair.proposal_id).executeTakeFirstOrThrow()).org_id;
    if (plan.startup === "accept") {
      const startup = cast.memberOf(startupOrg);
      const offered = (await pairingForStartup({ proposalId: pair.proposal_id, orgId: startupOrg }))!;
      await answer(startup, offered.id, "startup", `/my/proposals/${pair.proposal_id}`);
    }
    if (plan.sponsor === "accept") await answer(cast.memberOf(sponsorship.org_id), pair.id, "sponsor", `/my/sponsorships/${sponsorship.id}`);
  }
}

async function answer(person: Person, pairingId: string, side: "startup" | "sponsor", path: string) {
  // The command writes the answer, its audit row and the partner's notice together.
  const result = await answerPairing(await signedIn(person, path), { pairingId, side, orgId: person.orgId!, accept: true });
  if (!result.ok) throw new Error(`demo seed: the ${side} could not answer its pairing`);
}
