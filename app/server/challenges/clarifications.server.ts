// Clarifications (decision 027). A start-up asks a question of an open challenge privately; the owner answers
// it and publishes question and answer on the challenge page for everyone, without the asker's name. The
// owner may also publish a notice of its own, and once the challenge has opened every change to its terms is
// published as one (updateChallenge). Those who started a proposal are told of each, by email, in the
// transaction that publishes it.
import { sql } from "kysely";
import type { DB } from "../../../db/client";
import type { ClarificationChange } from "../../../db/schema";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { appUrl, notifyAll, notifyOrgMembers } from "../notifications.server";
import { RuleError } from "../rule-error.server";
import { isOpenSql } from "./open-rule.server";

/** Unanswered questions an organisation may have waiting on one challenge: enough to ask, too few to flood. */
export const MAX_OPEN_QUESTIONS = 5;

export const NOT_OPEN_FOR_QUESTIONS = "Questions can only be asked while the challenge is open";
export const TOO_MANY_QUESTIONS = `Your organisation has ${MAX_OPEN_QUESTIONS} questions waiting for an answer on this challenge. Wait for an answer before asking another`;
export const ONLY_STARTUPS_ASK = "Only start-ups can ask questions about a challenge";

interface Asker { userId: string; orgId: string; orgKind: string }
interface Manager { userId: string; challengeId: string }

export async function askQuestion(request: Request, asker: Asker, challengeId: string, text: string): Promise<string> {
  if (asker.orgKind !== "startup") throw new RuleError(ONLY_STARTUPS_ASK, "question");
  return db().transaction().execute(async (tx) => {
    const challenge = await tx.selectFrom("challenges").select(["id", "org_id", "title", isOpenSql.as("open")])
      .where("id", "=", challengeId).where("status", "!=", "draft").forShare().executeTakeFirst();
    if (!challenge || !challenge.open) throw new RuleError(NOT_OPEN_FOR_QUESTIONS, "question");
    // One asker's questions on one challenge are counted one at a time, so a burst cannot pass the limit.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`clarifications:${challengeId}:${asker.orgId}`}, 0))`.execute(tx);
    const { n } = await tx.selectFrom("clarifications").select(sql<string>`count(*)`.as("n"))
      .where("challenge_id", "=", challengeId).where("asked_by_org_id", "=", asker.orgId).where("status", "=", "asked")
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_OPEN_QUESTIONS) throw new RuleError(TOO_MANY_QUESTIONS, "question");
    const { id } = await tx.insertInto("clarifications").values({
      challenge_id: challengeId, kind: "question", asked_text: text, question: text,
      asked_by: asker.userId, asked_by_org_id: asker.orgId, asked_at: sql`now()`,
    }).returning("id").executeTakeFirstOrThrow();
    await audit(tx, request, { action: "clarification.asked", subject: { type: "challenge", id: challengeId, orgId: challenge.org_id }, detail: { clarification: id } });
    await notifyOrgMembers(tx, challenge.org_id, {
      kind: "clarification_asked",
      subject: `A question about ${challenge.title}`,
      body: `A start-up has asked a question about your challenge "${challenge.title}". Answer it and publish the answer for every applicant:\n${appUrl(`/my/challenges/${challengeId}/clarifications`)}`,
    });
    return id;
  });
}

/**
 * Publishes the owner's answer to a question, with the question as the owner words it (so that nothing in it
 * names the asker). False when the question is not this challenge's or is already published.
 */
export async function publishAnswer(request: Request, m: Manager, input: { clarificationId: string; question: string; answer: string }): Promise<boolean> {
  return db().transaction().execute(async (tx) => {
    const row = await tx.selectFrom("clarifications").select(["id", "asked_by"])
      .where("id", "=", input.clarificationId).where("challenge_id", "=", m.challengeId).where("status", "=", "asked")
      .forUpdate().executeTakeFirst();
    if (!row) return false;
    await tx.updateTable("clarifications")
      .set({ question: input.question, answer: input.answer, status: "published", published_by: m.userId, published_at: sql`now()` })
      .where("id", "=", row.id).execute();
    await recordPublished(tx, request, m.challengeId, row.id, row.asked_by);
    return true;
  });
}

/** A clarification the owner publishes unasked (a notice to every applicant). */
export async function publishNotice(request: Request, m: Manager, input: { question: string; answer: string }): Promise<string> {
  return db().transaction().execute(async (tx) => {
    const id = await insertPublished(tx, m, { kind: "notice", question: input.question, answer: input.answer, changes: [] });
    await recordPublished(tx, request, m.challengeId, id, null);
    return id;
  });
}

/** The record of a change to an open call's terms, written by updateChallenge in its own transaction. */
export async function publishTermsChange(tx: DB, request: Request, m: Manager, explanation: string, changes: ClarificationChange[]): Promise<string> {
  const id = await insertPublished(tx, m, { kind: "change", question: "What changed in this challenge", answer: explanation, changes });
  await recordPublished(tx, request, m.challengeId, id, null);
  return id;
}

async function insertPublished(tx: DB, m: Manager, v: { kind: "notice" | "change"; question: string; answer: string; changes: ClarificationChange[] }): Promise<string> {
  const { id } = await tx.insertInto("clarifications").values({
    challenge_id: m.challengeId, kind: v.kind, question: v.question, answer: v.answer, changes: sql<ClarificationChange[]>`cast(${JSON.stringify(v.changes)}::text as jsonb)`,
    status: "published", published_by: m.userId, published_at: sql`now()`,
  }).returning("id").executeTakeFirstOrThrow();
  return id;
}

/** The audit row, and an email to everyone who started a proposal (and the asker, who may not have). */
async function recordPublished(tx: DB, request: Request, challengeId: string, clarificationId: string, askerId: string | null) {
  const challenge = await tx.selectFrom("challenges").select(["org_id", "title"]).where("id", "=", challengeId).executeTakeFirstOrThrow();
  await audit(tx, request, { action: "clarification.published", subject: { type: "challenge", id: challengeId, orgId: challenge.org_id }, detail: { clarification: clarificationId } });
  const applicants = await tx.selectFrom("memberships").innerJoin("proposals", "proposals.org_id", "memberships.org_id")
    .select("memberships.user_id").distinct()
    .where("proposals.challenge_id", "=", challengeId).where("proposals.status", "!=", "withdrawn").execute();
  const userIds = new Set([...applicants.map((a) => a.user_id), ...(askerId ? [askerId] : [])]);
  await notifyAll(tx, [...userIds].map((userId) => ({
    userId,
    kind: "clarification_published" as const,
    subject: `Clarification published: ${challenge.title}`,
    body: `The public body running "${challenge.title}" has published a clarification. Read it on the challenge page before you submit:\n${appUrl(`/challenges/${challengeId}#clarifications`)}`,
    dedupeKey: `clarification:${clarificationId}`,
  })));
}

export type PublishedClarification = Awaited<ReturnType<typeof listPublishedClarifications>>[number];

/** What everyone reads on the challenge page: never who asked. */
export function listPublishedClarifications(challengeId: string) {
  return db().selectFrom("clarifications").select(["id", "kind", "question", "answer", "changes", "published_at"])
    .where("challenge_id", "=", challengeId).where("status", "=", "published")
    .orderBy("published_at", "desc").orderBy("id").execute();
}

/** The owner's queue of questions to answer: the words asked and when, not who asked (decision 027). */
export function listQuestionsToAnswer(challengeId: string) {
  return db().selectFrom("clarifications").select(["id", "asked_text", "asked_at"])
    .where("challenge_id", "=", challengeId).where("status", "=", "asked")
    .orderBy("asked_at").orderBy("id").execute();
}

/** A start-up's own questions on a challenge, answered or waiting. */
export function listOwnQuestions(challengeId: string, orgId: string) {
  return db().selectFrom("clarifications").select(["id", "asked_text", "asked_at", "status"])
    .where("challenge_id", "=", challengeId).where("asked_by_org_id", "=", orgId)
    .orderBy("asked_at", "desc").orderBy("id").execute();
}
