// Residents' feedback on a live pilot (decision 035). It waits for the programme office like a suggestion
// (moderation.server.ts); once published everyone reads it on the pilot's feedback page, and the pilot's team
// may answer it there, publicly, once. The author is told of the answer.
import { sql } from "kysely";
import { canRead, takesFeedback, type Reader } from "../../rules/residents/moderation";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { notFound } from "../http.server";
import { appUrl, notify } from "../notifications.server";
import { RuleError } from "../rule-error.server";
import type { Resident } from "./suggestions.server";

export const NOT_LIVE = "You can leave feedback while the pilot is running";
export const ALREADY_ANSWERED = "This feedback has already been answered";

export async function leaveFeedback(request: Request, who: Resident, pilotId: string, body: string): Promise<string> {
  return db().transaction().execute(async (tx) => {
    const pilot = await tx.selectFrom("pilots").select(["id", "status"]).where("id", "=", pilotId).forShare().executeTakeFirst();
    if (!pilot || pilot.status === "draft") notFound();
    if (!takesFeedback(pilot.status)) throw new RuleError(NOT_LIVE, "feedback");
    const { id } = await tx.insertInto("pilot_feedback").values({ pilot_id: pilotId, author_id: who.userId, body }).returning("id").executeTakeFirstOrThrow();
    await audit(tx, request, { action: "feedback.left", subject: { type: "pilot", id: pilotId }, detail: { feedback: id } }, { userId: who.userId, orgId: null });
    return id;
  });
}

/** The team answers published feedback, once, in public. */
export async function answerFeedback(request: Request, team: { userId: string; orgId: string; pilotId: string }, feedbackId: string, answer: string): Promise<void> {
  await db().transaction().execute(async (tx) => {
    const f = await tx.selectFrom("pilot_feedback").select(["id", "status", "answer", "author_id"])
      .where("id", "=", feedbackId).where("pilot_id", "=", team.pilotId).forUpdate().executeTakeFirst();
    if (!f || f.status !== "published") notFound();
    if (f.answer !== null) throw new RuleError(ALREADY_ANSWERED, "answer");
    await tx.updateTable("pilot_feedback").set({ answer, answered_by: team.userId, answered_by_org_id: team.orgId, answered_at: sql`now()` })
      .where("id", "=", f.id).execute();
    await audit(tx, request, { action: "feedback.answered", subject: { type: "pilot", id: team.pilotId, orgId: team.orgId }, detail: { feedback: f.id } });
    if (f.author_id) {
      await notify(tx, {
        userId: f.author_id, kind: "feedback_answered", dedupeKey: `feedback-answered:${f.id}`,
        subject: "The pilot team answered your feedback",
        body: `The team running the pilot has answered your feedback. Read the answer on the pilot's page:\n${appUrl(`/pilots/${team.pilotId}/feedback`)}`,
      });
    }
  });
}

/** The pilot's feedback as this reader may see it: published for everyone, plus the reader's own (any state). */
export async function listFeedbackForReader(pilotId: string, reader: Reader) {
  const rows = await db().selectFrom("pilot_feedback")
    .leftJoin("organisations", "organisations.id", "pilot_feedback.answered_by_org_id")
    .select(["pilot_feedback.id", "pilot_feedback.body", "pilot_feedback.status", "pilot_feedback.author_id", "pilot_feedback.decline_reason",
      "pilot_feedback.answer", "pilot_feedback.answered_at", "organisations.name as answered_by", "pilot_feedback.created_at"])
    .where("pilot_feedback.pilot_id", "=", pilotId)
    .where((eb) => reader.isAdmin ? eb.val(true) : eb.or([
      eb("pilot_feedback.status", "=", "published"),
      ...(reader.userId ? [eb("pilot_feedback.author_id", "=", reader.userId)] : []),
    ]))
    .orderBy("pilot_feedback.created_at", "desc").orderBy("pilot_feedback.id").execute();
  return rows
    .filter((r) => canRead({ status: r.status, authorId: r.author_id }, reader))
    .map(({ author_id, ...r }) => ({ ...r, mine: reader.userId !== null && author_id === reader.userId }));
}
