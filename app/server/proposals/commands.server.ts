// Changing proposals. The deadline is enforced here, against the database clock, inside the same
// transaction that changes the status — whatever the page showed when it was loaded. Each change writes
// its audit row (naming the signed-in user of `request`) and its notices in that transaction too.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { messages, notifyOrgMembers } from "../notifications.server";
import { missingForSubmission, type AskedQuestion, type ProposalInput, type SavedProposal } from "./proposal-form";
import { callPhase, editing, EOI_CLOSED, mayStart } from "../../rules/challenges/two-stage";
import { RuleError } from "../rule-error.server";
import { isOpenSql } from "../challenges/open-rule.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";
import { checkRequiredAnswers } from "../../rules/challenges/required-answers";
import { proposalSubmittedEvent } from "../webhooks/events.server";

type Tx = Transaction<Database>;


export type StartResult =
  | { kind: "started"; id: string }
  | { kind: "not-found" }
  /** A required answer is missing or not one of its choices: field name → message. */
  | { kind: "unanswered"; missing: Record<string, string> }
  /** An answer that cannot apply: nothing was written (decision 031). */
  | { kind: "refused"; reasons: string[] };

/**
 * Starts a proposal to an open challenge, or returns the one this start-up already has. A challenge with
 * required answers needs them first (`answers`: question id → chosen answer), checked here against the stored
 * questions: an answer that cannot apply starts nothing, so nobody writes a proposal that can never be eligible.
 */
export async function startProposal(
  request: Request, challengeId: string, orgId: string, userId: string, answers: Record<string, string> = {},
): Promise<StartResult> {
  return db().transaction().execute(async (tx): Promise<StartResult> => {
    const challenge = await tx.selectFrom("challenges").select(["title", "eoi_closes_at", isOpenSql.as("is_open"), sql<Date>`now()`.as("now")])
      .where("id", "=", challengeId).where("status", "!=", "draft").executeTakeFirst();
    if (!challenge) return { kind: "not-found" };
    const existing = await tx.selectFrom("proposals").select("id").where("challenge_id", "=", challengeId)
      .where("org_id", "=", orgId).executeTakeFirst();
    if (existing) return { kind: "started", id: existing.id };
    if (!challenge.is_open) throw new RuleError("This challenge is not open for proposals");
    if (!mayStart(callPhase(challenge.eoi_closes_at === null ? null : new Date(challenge.eoi_closes_at), new Date(challenge.now)))) throw new RuleError(EOI_CLOSED);
    const required = await requiredAnswersOf(tx, challengeId);
    const check = checkRequiredAnswers(required, answers);
    if (check.kind !== "ok") return check;
    // Two requests at once (a double click) both find none: the second waits on the unique index and
    // then takes the proposal the first created, instead of failing on it.
    const inserted = await tx.insertInto("proposals")
      .values({ challenge_id: challengeId, org_id: orgId, created_by: userId, title: `Proposal for ${challenge.title}`.slice(0, 150) })
      .onConflict((oc) => oc.columns(["challenge_id", "org_id"]).doNothing())
      .returning("id").executeTakeFirst();
    if (inserted) {
      for (const q of required) {
        await tx.insertInto("eligibility_answers").values({ proposal_id: inserted.id, question_id: q.id, answer: answers[q.id]! }).execute();
      }
      await audit(tx, request, { action: "proposal.created", subject: { type: "proposal", id: inserted.id, orgId }, detail: { challengeId } });
      return { kind: "started", id: inserted.id };
    }
    return { kind: "started", id: (await tx.selectFrom("proposals").select("id").where("challenge_id", "=", challengeId)
      .where("org_id", "=", orgId).executeTakeFirstOrThrow()).id };
  });
}

function requiredAnswersOf(tx: Tx, challengeId: string) {
  return tx.selectFrom("eligibility_questions").select(["id", "question", "options", "accepted"])
    .where("challenge_id", "=", challengeId).where("options", "is not", null).orderBy("position").execute()
    .then((rows) => rows.map((r) => ({ ...r, options: r.options ?? [] })));
}

export type SaveResult =
  | { result: "saved" | "submitted" | "eoi-sent" | "not-found" }
  | { result: "incomplete"; missing: Record<string, string> };

/**
 * Saves the draft and, when asked, submits it. Returns "not-found" when the proposal is not this org's.
 * A submission with gaps still saves what was typed, then reports the gaps.
 */
export async function saveProposal(
  request: Request,
  { id, orgId }: { id: string; orgId: string },
  input: ProposalInput,
): Promise<SaveResult> {
  const result = await db().transaction().execute(async (tx): Promise<SaveResult> => {
    const current = await lockEditable(tx, { id, orgId });
    if (!current) return { result: "not-found" };

    const saved = await tx.updateTable("proposals")
      .set({
        title: input.title, summary: input.summary, approach: input.approach, expected_impact: input.expectedImpact,
        team: input.team, requested_gbp: input.requestedGbp ?? null, trl: input.trl ?? null, tags: input.tags, needs: input.needs,
        status: "draft", withdrawn_at: null, updated_at: sql`now()`,
      })
      .where("id", "=", id)
      .returning(["title", "summary", "approach", "expected_impact", "team", "requested_gbp", "trl"])
      .executeTakeFirstOrThrow();

    const questions = await tx.selectFrom("eligibility_questions")
      .leftJoin("eligibility_answers", (j) => j.onRef("eligibility_answers.question_id", "=", "eligibility_questions.id").on("eligibility_answers.proposal_id", "=", id))
      .select(["eligibility_questions.id", "eligibility_questions.question", "eligibility_questions.options", "eligibility_questions.accepted", "eligibility_answers.answer"])
      .where("eligibility_questions.challenge_id", "=", current.challenge_id).orderBy("eligibility_questions.position").execute();
    const answers: Record<string, string> = {};
    for (const q of questions) {
      const typed = input.answers?.[q.id] ?? "";
      // A required answer is one of its choices; anything else (a forged form) keeps what was saved.
      const answer = q.options && !q.options.includes(typed) ? q.answer ?? "" : typed;
      answers[q.id] = answer;
      await tx.insertInto("eligibility_answers").values({ proposal_id: id, question_id: q.id, answer })
        .onConflict((oc) => oc.columns(["proposal_id", "question_id"]).doUpdateSet({ answer })).execute();
    }
    const draftSaved = () => audit(tx, request, { action: "proposal.updated", subject: { type: "proposal", id, orgId } });
    if (input.intent !== "submit") {
      await draftSaved();
      return { result: "saved" };
    }

    // The draft is committed either way, so a submission with gaps loses nothing the user typed.
    const missing = missingNow(current.mode, saved, questions, answers);
    if (Object.keys(missing).length > 0) {
      await draftSaved();
      return { result: "incomplete", missing };
    }
    return send(tx, request, current, { id, orgId, title: saved.title });
  });
  if (result.result === "submitted") await requestProgrammeRollup();
  return result;
}

/**
 * Submits the proposal as it is saved (the "Check your answers" page's button). Gaps are reported as the
 * fields that still need them, and nothing changes.
 */
export async function submitProposal(request: Request, { id, orgId }: { id: string; orgId: string }): Promise<SaveResult> {
  const result = await db().transaction().execute(async (tx): Promise<SaveResult> => {
    const current = await lockEditable(tx, { id, orgId });
    if (!current) return { result: "not-found" };
    const saved = await tx.selectFrom("proposals").select(["title", "summary", "approach", "expected_impact", "team", "requested_gbp", "trl"])
      .where("id", "=", id).executeTakeFirstOrThrow();
    const questions = await tx.selectFrom("eligibility_questions")
      .leftJoin("eligibility_answers", (j) => j.onRef("eligibility_answers.question_id", "=", "eligibility_questions.id").on("eligibility_answers.proposal_id", "=", id))
      .select(["eligibility_questions.id", "eligibility_questions.question", "eligibility_questions.options", "eligibility_questions.accepted", "eligibility_answers.answer"])
      .where("eligibility_questions.challenge_id", "=", current.challenge_id).orderBy("eligibility_questions.position").execute();
    const missing = missingNow(current.mode, saved, questions, Object.fromEntries(questions.map((q) => [q.id, q.answer ?? ""])));
    if (Object.keys(missing).length > 0) return { result: "incomplete", missing };
    return send(tx, request, current, { id, orgId, title: saved.title });
  });
  if (result.result === "submitted") await requestProgrammeRollup();
  return result;
}

/**
 * The proposal of this org, locked, if it may still be changed: a draft or withdrawn one, before the deadline,
 * and in a two-stage call only its expression of interest in stage one, only if invited in stage two (decision 032).
 */
async function lockEditable(tx: Tx, { id, orgId }: { id: string; orgId: string }) {
  const current = await tx.selectFrom("proposals")
    .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .select(["proposals.status", "proposals.challenge_id", "proposals.stage_two", "proposals.eoi_submitted_at",
      "challenges.title as challenge_title", "challenges.closes_at", "challenges.eoi_closes_at", "challenges.stage_two_decided_at",
      isOpenSql.as("is_open"), sql<Date>`now()`.as("now")])
    .where("proposals.id", "=", id).where("proposals.org_id", "=", orgId)
    .forUpdate("proposals").executeTakeFirst();
  if (!current) return null;
  if (!["draft", "withdrawn"].includes(current.status)) {
    throw new RuleError("This proposal has been submitted. Withdraw it first if you need to change it");
  }
  if (!current.is_open) throw new RuleError("The deadline for this challenge has passed, so the proposal can no longer be changed or submitted");
  const phase = callPhase(current.eoi_closes_at === null ? null : new Date(current.eoi_closes_at), new Date(current.now));
  const may = editing(phase, { stageTwo: current.stage_two, eoiSent: current.eoi_submitted_at !== null, decided: current.stage_two_decided_at !== null });
  if (may.mode === "none") throw new RuleError(may.reason);
  return { ...current, mode: may.mode };
}

type Editable = NonNullable<Awaited<ReturnType<typeof lockEditable>>>;

/** What sending needs: the whole proposal, or in stage one of a two-stage call its summary and eligibility answers. */
function missingNow(mode: "full" | "eoi", saved: SavedProposal, questions: AskedQuestion[], answers: Record<string, string>) {
  const missing = missingForSubmission(saved, questions, answers);
  if (mode === "full") return missing;
  return Object.fromEntries(Object.entries(missing).filter(([field]) => field === "summary" || field.startsWith("answers.")));
}

/** Submits the proposal, or in stage one sends its expression of interest (the proposal stays a draft). */
async function send(tx: Tx, request: Request, current: Editable, p: { id: string; orgId: string; title: string }): Promise<SaveResult> {
  if (current.mode === "full") {
    await submit(tx, request, { ...p, challengeTitle: current.challenge_title, closesAt: current.closes_at });
    return { result: "submitted" };
  }
  await tx.updateTable("proposals").set({ eoi_submitted_at: sql`coalesce(eoi_submitted_at, now())`, updated_at: sql`now()` }).where("id", "=", p.id).execute();
  await audit(tx, request, { action: "proposal.eoi_sent", subject: { type: "proposal", id: p.id, orgId: p.orgId } });
  if (current.eoi_submitted_at === null) {
    await notifyOrgMembers(tx, p.orgId, {
      kind: "proposal_submitted",
      ...messages.eoiSent({ proposalId: p.id, proposalTitle: p.title, challengeTitle: current.challenge_title, eoiClosesAt: new Date(current.eoi_closes_at!) }),
    });
  }
  return { result: "eoi-sent" };
}

/**
 * The submission itself: the status, the reference number (given once, at the first submission, and kept
 * if the proposal is withdrawn and submitted again), the audit row and the receipt to every member.
 */
async function submit(tx: Tx, request: Request, p: { id: string; orgId: string; title: string; challengeTitle: string; closesAt: Date | string }) {
  await tx.updateTable("proposals")
    .set({ status: "submitted", submitted_at: sql`now()`, reference: sql`coalesce(reference, 'CIC-' || to_char(nextval('proposal_reference_seq'), 'FM000000'))` })
    .where("id", "=", p.id).execute();
  await audit(tx, request, { action: "proposal.submitted", subject: { type: "proposal", id: p.id, orgId: p.orgId } });
  await proposalSubmittedEvent(tx, p.id);
  // The receipt commits with the submission. Who pressed submit is not known here, so every member is told.
  await notifyOrgMembers(tx, p.orgId, {
    kind: "proposal_submitted",
    ...messages.proposalSubmitted({ proposalId: p.id, proposalTitle: p.title, challengeTitle: p.challengeTitle, closesAt: new Date(p.closesAt) }),
  });
}

export async function withdrawProposal(request: Request, { id, orgId }: { id: string; orgId: string }): Promise<boolean> {
  const result = await db().transaction().execute(async (tx) => {
    const current = await tx.selectFrom("proposals")
      .innerJoin("challenges", "challenges.id", "proposals.challenge_id")
      .select(["proposals.status", isOpenSql.as("is_open")])
      .where("proposals.id", "=", id).where("proposals.org_id", "=", orgId)
      .forUpdate("proposals").executeTakeFirst();
    if (!current) return false;
    if (current.status !== "submitted") throw new RuleError("Only a submitted proposal can be withdrawn");
    if (!current.is_open) throw new RuleError("The deadline has passed, so the proposal can no longer be withdrawn here. Contact the programme office");
    await tx.updateTable("proposals").set({ status: "withdrawn", withdrawn_at: sql`now()`, updated_at: sql`now()` })
      .where("id", "=", id).execute();
    await audit(tx, request, { action: "proposal.withdrawn", subject: { type: "proposal", id, orgId } });
    return true;
  });
  if (result) await requestProgrammeRollup();
  return result;
}
