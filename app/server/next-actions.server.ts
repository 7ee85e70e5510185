// What a signed-in person can do next, for their overview: read from the programme's state for the
// organisation they act for (and their judging and programme-office roles), each with the page where it is
// done. Reads only; every query is filtered by the actor's own organisation, user or role.
import { sql } from "kysely";
import { formatDate } from "../lib/dates";
import type { Actor } from "./auth.server";
import { db } from "./connections.server";
import { getJudgeOverview, type JudgeOverviewRow } from "./dashboards.server";

export interface NextAction {
  /** What kind of step it is (stable, for tests and styling). */
  key: string;
  text: string;
  href: string;
}

/** At most this many of each kind, so a busy organisation's overview stays short. */
const EACH = 5;

/** `judgePanels`: the judge's panels when the caller reads them anyway (the overview shows them), so they are read once. */
export async function nextActions(actor: Actor, options: { today?: Date; judgePanels?: Promise<JudgeOverviewRow[]> } = {}): Promise<NextAction[]> {
  const today = options.today ?? new Date();
  const actions: NextAction[] = [];
  if (actor.user.isAdmin) actions.push(...(await forProgrammeOffice()));
  if (actor.user.isJudge) actions.push(...forJudge(await (options.judgePanels ?? getJudgeOverview(actor.user.id))));
  const org = actor.org;
  if (org?.kind === "public_body") actions.push(...(await forPublicBody(org.orgId)));
  if (org?.kind === "startup") actions.push(...(await forStartup(org.orgId, today)));
  if (org?.kind === "corporate") actions.push(...(await forCorporate(org.orgId)));
  if (!org && !actor.user.isAdmin && !actor.user.isJudge) {
    // A resident (decision 035) acts for no organisation; the same account may still join one.
    actions.push({ key: "suggest-problem", text: "Suggest a problem in the city, or support one", href: "/suggestions" });
    actions.push({ key: "choose-organisation", text: "Create or join your organisation to take part", href: "/organisations" });
  }
  return actions;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function forProgrammeOffice(): Promise<NextAction[]> {
  const { n } = await db().selectFrom("organisations").select(sql<number>`count(*)::int`.as("n")).where("verified_at", "is", null).executeTakeFirstOrThrow();
  const moderation = await residentsWaiting();
  if (n > 0) return [{ key: "verify-organisations", text: `Check and verify ${plural(n, "organisation")} waiting for the programme office`, href: "/admin/organisations" }, ...moderation];
  return [...moderation, { key: "programme-dashboard", text: "Read the programme dashboard", href: "/dashboard" }];
}

/** What residents wrote, and readers reported, waiting for the programme office (decision 035). */
async function residentsWaiting(): Promise<NextAction[]> {
  const { n } = await db().selectNoFrom(() => sql<number>`(
    (SELECT count(*) FROM suggestions WHERE status = 'pending') + (SELECT count(*) FROM pilot_feedback WHERE status = 'pending')
    + (SELECT count(*) FROM content_reports WHERE status = 'open'))::int`.as("n")).executeTakeFirstOrThrow();
  return n > 0 ? [{ key: "moderate-residents", text: `Check ${plural(n, "suggestion, piece of feedback or report", "suggestions, pieces of feedback or reports")} from residents`, href: "/admin/suggestions" }] : [];
}

function forJudge(panels: JudgeOverviewRow[]): NextAction[] {
  const reviews = panels.filter((c) => c.assigned + c.inProgress > 0).map((c) => ({
    key: "review-proposals",
    text: `Review ${plural(c.assigned + c.inProgress, "proposal")} for “${c.title}”${c.inProgress ? ` (${c.inProgress} started)` : ""}`,
    href: "/judging",
  }));
  if (reviews.length > 0 || panels.length === 0) return reviews;
  // Every review done: what a judge does between rounds is keep their expertise and conflicts true.
  return [{ key: "judging-profile", text: "Your reviews are all in: check your expertise and conflicts of interest for your panels", href: "/judging" }];
}

async function forPublicBody(orgId: string): Promise<NextAction[]> {
  const [offers, closed, judging, pairing, plans, measurements, drafts] = await Promise.all([
    db().selectFrom("sponsorships").innerJoin("challenges", "challenges.id", "sponsorships.challenge_id")
      .innerJoin("organisations", "organisations.id", "sponsorships.org_id")
      .select(["challenges.id", "challenges.title", "organisations.name as sponsor"])
      .where("challenges.org_id", "=", orgId).where("sponsorships.status", "=", "offered")
      .orderBy("sponsorships.created_at").limit(EACH).execute(),
    // Closed to proposals, judging not started.
    db().selectFrom("challenges").select(["challenges.id", "challenges.title"])
      .select((eb) => [
        eb.selectFrom("proposals").select(sql<number>`count(*)::int`.as("n")).whereRef("proposals.challenge_id", "=", "challenges.id").where("proposals.status", "=", "submitted").as("proposals"),
        eb.selectFrom("judges").select(sql<number>`count(*)::int`.as("n")).whereRef("judges.challenge_id", "=", "challenges.id").as("judges"),
      ])
      .where("challenges.org_id", "=", orgId).where("challenges.status", "=", "published").where("challenges.closes_at", "<=", sql<Date>`now()`)
      .orderBy("challenges.closes_at").limit(EACH).execute(),
    db().selectFrom("challenges").select(["challenges.id", "challenges.title", "challenges.feedback_released_at"])
      .select((eb) => [
        eb.selectFrom("reviews").select(sql<number>`count(*)::int`.as("n")).whereRef("reviews.challenge_id", "=", "challenges.id").where("reviews.status", "!=", "recused").as("live"),
        eb.selectFrom("reviews").select(sql<number>`count(*)::int`.as("n")).whereRef("reviews.challenge_id", "=", "challenges.id").where("reviews.status", "=", "submitted").as("submitted"),
        eb.selectFrom("proposal_scores").select(sql<number>`count(*)::int`.as("n")).whereRef("proposal_scores.challenge_id", "=", "challenges.id").as("scored"),
      ])
      .where("challenges.org_id", "=", orgId).where("challenges.status", "=", "judging").orderBy("challenges.closes_at").limit(EACH).execute(),
    db().selectFrom("challenges").select(["challenges.id", "challenges.title"])
      .select((eb) => [
        eb.selectFrom("sponsorships").select(sql<number>`count(*)::int`.as("n")).whereRef("sponsorships.challenge_id", "=", "challenges.id").where("sponsorships.status", "=", "accepted").as("sponsors"),
        eb.selectFrom("pairings").select(sql<number>`count(*)::int`.as("n")).whereRef("pairings.challenge_id", "=", "challenges.id").as("pairs"),
        eb.selectFrom("pairings").select(sql<number>`count(*)::int`.as("n")).whereRef("pairings.challenge_id", "=", "challenges.id").where("pairings.status", "=", "proposed").as("proposed"),
      ])
      .where("challenges.org_id", "=", orgId).where("challenges.status", "in", ["shortlisted", "paired"]).orderBy("challenges.closes_at").limit(EACH).execute(),
    // A draft plan with dates and at least one KPI is complete enough to approve.
    db().selectFrom("pilots").innerJoin("teams", "teams.id", "pilots.team_id").select(["pilots.id", "pilots.title"])
      .where("teams.public_org_id", "=", orgId).where("pilots.status", "=", "draft").where("pilots.starts_on", "is not", null)
      .where(({ exists, selectFrom }) => exists(selectFrom("kpis").select("kpis.id").whereRef("kpis.pilot_id", "=", "pilots.id")))
      .orderBy("pilots.created_at").limit(EACH).execute(),
    db().selectFrom("measurements").innerJoin("kpis", "kpis.id", "measurements.kpi_id").innerJoin("pilots", "pilots.id", "kpis.pilot_id")
      .innerJoin("teams", "teams.id", "pilots.team_id")
      .select(["pilots.id", "pilots.title", sql<number>`count(*)::int`.as("n")])
      .where("teams.public_org_id", "=", orgId).where("measurements.status", "=", "recorded")
      .groupBy(["pilots.id", "pilots.title"]).orderBy("pilots.title").limit(EACH).execute(),
    db().selectFrom("challenges").select(["id", "title"]).where("org_id", "=", orgId).where("status", "=", "draft")
      .orderBy("created_at").limit(EACH).execute(),
  ]);
  const actions: NextAction[] = [
    ...offers.map((o) => ({ key: "decide-offer", text: `Accept or decline the offer from ${o.sponsor} to sponsor “${o.title}”`, href: `/my/challenges/${o.id}/sponsors` })),
    ...closed.filter((c) => c.proposals).map((c) => c.judges
      ? { key: "assign-judges", text: `Assign judges to the ${plural(c.proposals!, "proposal")} to “${c.title}”`, href: `/my/challenges/${c.id}/assignments` }
      : { key: "invite-judges", text: `Invite judges for the ${plural(c.proposals!, "proposal")} to “${c.title}”`, href: `/my/challenges/${c.id}/judges` }),
    ...judging.flatMap((c) => {
      if (c.scored) {
        return c.feedback_released_at ? [] : [{ key: "shortlist", text: `Shortlist proposals and release the judges' feedback for “${c.title}”`, href: `/my/challenges/${c.id}/results` }];
      }
      if (c.live && c.submitted === c.live) return [{ key: "score-proposals", text: `Score the proposals to “${c.title}”: every review is in`, href: `/my/challenges/${c.id}/results` }];
      return [{ key: "follow-judging", text: `Follow the judging of “${c.title}”: ${c.submitted} of ${plural(c.live ?? 0, "review")} in`, href: `/my/challenges/${c.id}/assignments` }];
    }),
    ...pairing.flatMap((c) => {
      if (c.proposed) return [{ key: "publish-pairing", text: `Publish the proposed pairs for “${c.title}”`, href: `/my/challenges/${c.id}/pairing` }];
      if (c.sponsors && !c.pairs) return [{ key: "pair-teams", text: `Pair the shortlisted proposals to “${c.title}” with its sponsors`, href: `/my/challenges/${c.id}/pairing` }];
      return [];
    }),
    ...plans.map((p) => ({ key: "approve-plan", text: `Review and approve the plan for the pilot “${p.title}”`, href: `/pilots/${p.id}/plan` })),
    ...measurements.map((m) => ({ key: "check-measurements", text: `Verify or query ${plural(m.n, "new measurement")} on the pilot “${m.title}”`, href: `/pilots/${m.id}` })),
    ...drafts.map((d) => ({ key: "publish-challenge", text: `Finish and publish your draft challenge “${d.title}”`, href: `/my/challenges/${d.id}` })),
  ];
  if (actions.length === 0) actions.push({ key: "new-challenge", text: "Set a new challenge for start-ups to answer", href: "/my/challenges/new" });
  return actions;
}

async function forStartup(orgId: string, today: Date): Promise<NextAction[]> {
  const [pairings, drafts, plans, queried, running, feedback] = await Promise.all([
    db().selectFrom("pairings").innerJoin("proposals", "proposals.id", "pairings.proposal_id")
      .innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id").innerJoin("organisations", "organisations.id", "sponsorships.org_id")
      .select(["proposals.id", "proposals.title", "organisations.name as sponsor"])
      .where("proposals.org_id", "=", orgId).where("pairings.status", "=", "published").where("pairings.startup_response", "=", "pending")
      .orderBy("pairings.created_at").limit(EACH).execute(),
    db().selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
      .select(["proposals.id", "proposals.title", "challenges.closes_at"])
      .where("proposals.org_id", "=", orgId).where("proposals.status", "in", ["draft", "withdrawn"])
      .where("challenges.status", "=", "published").where("challenges.opens_at", "<=", sql<Date>`now()`).where("challenges.closes_at", ">", sql<Date>`now()`)
      .orderBy("challenges.closes_at").limit(EACH).execute(),
    db().selectFrom("pilots").innerJoin("teams", "teams.id", "pilots.team_id").select(["pilots.id", "pilots.title"])
      .where("teams.startup_org_id", "=", orgId).where("pilots.status", "=", "draft").orderBy("pilots.created_at").limit(EACH).execute(),
    db().selectFrom("measurements").innerJoin("kpis", "kpis.id", "measurements.kpi_id").innerJoin("pilots", "pilots.id", "kpis.pilot_id")
      .innerJoin("teams", "teams.id", "pilots.team_id")
      .select(["pilots.id", "pilots.title", sql<number>`count(*)::int`.as("n")])
      .where("teams.startup_org_id", "=", orgId).where("measurements.status", "=", "queried")
      .groupBy(["pilots.id", "pilots.title"]).orderBy("pilots.title").limit(EACH).execute(),
    db().selectFrom("pilots").innerJoin("teams", "teams.id", "pilots.team_id").select(["pilots.id", "pilots.title"])
      .where("teams.startup_org_id", "=", orgId).where("pilots.status", "in", ["approved", "running"])
      .where("pilots.starts_on", "<=", today).where("pilots.ends_on", ">=", today).orderBy("pilots.starts_on").limit(EACH).execute(),
    db().selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
      .innerJoin("proposal_scores", "proposal_scores.proposal_id", "proposals.id")
      .select(["proposals.id", "proposals.title"])
      .where("proposals.org_id", "=", orgId).where("challenges.feedback_released_at", "is not", null)
      .where("proposals.status", "in", ["shortlisted", "not_shortlisted"])
      .orderBy("challenges.feedback_released_at", "desc").limit(EACH).execute(),
  ]);
  const actions: NextAction[] = [
    ...pairings.map((p) => ({ key: "answer-pairing", text: `Accept or decline the partnership with ${p.sponsor} proposed for “${p.title}”`, href: `/my/proposals/${p.id}` })),
    ...drafts.map((d) => ({ key: "submit-proposal", text: `Finish and submit “${d.title}” before ${formatDate(d.closes_at)}`, href: `/my/proposals/${d.id}` })),
    ...plans.map((p) => ({ key: "plan-pilot", text: `Agree the plan for the pilot “${p.title}” with your partners`, href: `/pilots/${p.id}/plan` })),
    ...queried.map((q) => ({ key: "answer-query", text: `Check ${plural(q.n, "queried measurement")} on the pilot “${q.title}” and record a corrected value`, href: `/pilots/${q.id}` })),
    ...running.filter((r) => !queried.some((q) => q.id === r.id)).map((r) => ({ key: "record-measurements", text: `Record the latest measurements for the pilot “${r.title}”`, href: `/pilots/${r.id}` })),
    ...feedback.map((f) => ({ key: "read-feedback", text: `Read the judges' feedback on “${f.title}”`, href: `/my/proposals/${f.id}` })),
  ];
  if (actions.length === 0) {
    const open = await db().selectFrom("challenges").select(["id", "title", "closes_at"])
      .where("status", "=", "published").where("opens_at", "<=", sql<Date>`now()`).where("closes_at", ">", sql<Date>`now()`)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("proposals").select("proposals.id")
        .whereRef("proposals.challenge_id", "=", "challenges.id").where("proposals.org_id", "=", orgId))))
      .orderBy("closes_at").limit(1).executeTakeFirst();
    actions.push(open
      ? { key: "apply", text: `Apply to “${open.title}” before ${formatDate(open.closes_at)}`, href: `/challenges/${open.id}` }
      : { key: "browse-challenges", text: "Browse the challenges that will open soon", href: "/challenges" });
  }
  return actions;
}

async function forCorporate(orgId: string): Promise<NextAction[]> {
  const [pairings, plans] = await Promise.all([
    db().selectFrom("pairings").innerJoin("sponsorships", "sponsorships.id", "pairings.sponsorship_id")
      .innerJoin("proposals", "proposals.id", "pairings.proposal_id").innerJoin("organisations", "organisations.id", "proposals.org_id")
      .select(["sponsorships.id", "proposals.title", "organisations.name as startup"])
      .where("sponsorships.org_id", "=", orgId).where("pairings.status", "=", "published").where("pairings.sponsor_response", "=", "pending")
      .orderBy("pairings.created_at").limit(EACH).execute(),
    db().selectFrom("pilots").innerJoin("teams", "teams.id", "pilots.team_id").select(["pilots.id", "pilots.title"])
      .where("teams.corporate_org_id", "=", orgId).where("pilots.status", "=", "draft").orderBy("pilots.created_at").limit(EACH).execute(),
  ]);
  const actions: NextAction[] = [
    ...pairings.map((p) => ({ key: "answer-pairing", text: `Accept or decline the partnership with ${p.startup} proposed for “${p.title}”`, href: `/my/sponsorships/${p.id}` })),
    ...plans.map((p) => ({ key: "plan-pilot", text: `Agree the plan for the pilot “${p.title}” with your partners`, href: `/pilots/${p.id}/plan` })),
  ];
  // Always worth a look for a sponsor: the open challenge closing soonest that it has not offered to.
  const open = await db().selectFrom("challenges").select(["id", "title", "closes_at"])
    .where("status", "=", "published").where("closes_at", ">", sql<Date>`now()`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("sponsorships").select("sponsorships.id")
      .whereRef("sponsorships.challenge_id", "=", "challenges.id").where("sponsorships.org_id", "=", orgId))))
    .orderBy("closes_at").limit(1).executeTakeFirst();
  if (open) actions.push({ key: "offer-sponsorship", text: `Consider sponsoring “${open.title}” (proposals close on ${formatDate(open.closes_at)})`, href: `/challenges/${open.id}/sponsor` });
  return actions;
}
