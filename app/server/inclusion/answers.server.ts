// A person's own equality monitoring answers (decision 033). Kept apart from everything else: the app's
// database role has no privilege on the table, so no page, export or query of applications, judging or
// sponsorship can read or join it. This file is the one way in, through the database functions made by
// migration 2026-12-03T1700_monitoring: save and withdraw one's own answers, and read them back for the
// form and the personal-data copy. Counts for the published tables are in figures.server.ts.
import { sql } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/client";
import { MONITORING_QUESTIONS, type MonitoringAnswers, type MonitoringKey } from "../../rules/inclusion/questions";
import type { Actor } from "../auth.server";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { forbidden } from "../http.server";

/** One question's answer: one of its own options ("Prefer not to say" is one). */
function answer(key: MonitoringKey) {
  const q = MONITORING_QUESTIONS.find((x) => x.key === key)!;
  return z.enum(q.options.map((o) => o.value) as [string, ...string[]], { error: `Select an answer to “${q.label}”, or “Prefer not to say”` });
}

/** The form: every question answered, to save; or nothing but the intent, to withdraw. */
export const monitoringFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    gender: answer("gender"), ethnicity: answer("ethnicity"), disability: answer("disability"), age_band: answer("age_band"), borough: answer("borough"),
  }),
  z.object({ intent: z.literal("withdraw") }),
], { error: "Choose to save or withdraw your answers" });

/**
 * Start-ups' people and judges are asked; anyone else signed in is refused (403). Membership of any
 * start-up counts, whichever organisation the person acts for now: the answers are theirs, not the
 * organisation's.
 */
export async function requireMonitoringRespondent(actor: Actor): Promise<void> {
  if (!(await isMonitoringRespondent(actor))) forbidden("Only start-ups' members and judges are asked these questions");
}

export async function isMonitoringRespondent(actor: Actor): Promise<boolean> {
  if (actor.memberships.some((m) => m.kind === "startup")) return true;
  return !!(await db().selectFrom("judges").select("id").where("user_id", "=", actor.user.id).limit(1).executeTakeFirst());
}

export type OwnAnswers = MonitoringAnswers & { answered_at: Date };

/** The person's own answers, or null. Only ever called with the signed-in user's own id. */
export async function readOwnAnswers(userId: string, executor: DB = db()): Promise<OwnAnswers | null> {
  const { rows } = await sql<OwnAnswers>`SELECT * FROM monitoring_own(${userId}::uuid)`.execute(executor);
  return rows[0] ?? null;
}

/** Saves (or replaces) the signed-in person's answers, audited in the same transaction: that they answered, never what. */
export async function saveOwnAnswers(request: Request, actor: Actor, answers: MonitoringAnswers): Promise<void> {
  await db().transaction().execute(async (tx) => {
    await sql`SELECT monitoring_save(${actor.user.id}::uuid, ${answers.gender}, ${answers.ethnicity}, ${answers.disability}, ${answers.age_band}, ${answers.borough})`.execute(tx);
    await audit(tx, request, { action: "monitoring.answered", subject: { type: "user", id: actor.user.id } });
  });
}

/** Withdraws the signed-in person's answers: they are deleted, not kept aside. Nothing to withdraw records nothing. */
export async function withdrawOwnAnswers(request: Request, actor: Actor): Promise<boolean> {
  return db().transaction().execute(async (tx) => {
    const gone = await eraseAnswers(tx, actor.user.id);
    if (gone) await audit(tx, request, { action: "monitoring.withdrawn", subject: { type: "user", id: actor.user.id } });
    return gone;
  });
}

/** Deletes a person's answers in the caller's transaction (withdrawal, account deletion). */
export async function eraseAnswers(tx: DB, userId: string): Promise<boolean> {
  const { rows } = await sql<{ gone: boolean }>`SELECT monitoring_withdraw(${userId}::uuid) AS gone`.execute(tx);
  return rows[0]?.gone ?? false;
}
