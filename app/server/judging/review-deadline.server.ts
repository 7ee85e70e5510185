// The review deadline (issue 16, item 8): the owner sets the day by which the panel's reviews are due, after
// the closing date; the daily reminder (jobs/notifications/review-reminders.ts) tells judges with reviews
// still open as it nears, and it joins the challenge's calendar.
import { sql } from "kysely";
import { auditChallengeChange, type ManagedRef } from "../audit.server";
import { db } from "../connections.server";
import { RuleError } from "../rule-error.server";

export const DUE_AFTER_CLOSING = "The review deadline must be after the closing date";
export const FEEDBACK_RELEASED = "Feedback has been released, so the review deadline no longer changes";

export async function setReviewDeadline(request: Request, c: ManagedRef, dueAt: Date): Promise<void> {
  await db().transaction().execute(async (tx) => {
    const row = await tx.selectFrom("challenges").select(["closes_at", "feedback_released_at"])
      .where("id", "=", c.challengeId).where("org_id", "=", c.orgId).forUpdate().executeTakeFirstOrThrow();
    if (row.feedback_released_at) throw new RuleError(FEEDBACK_RELEASED, "reviewsDueAt");
    if (dueAt.getTime() <= new Date(row.closes_at).getTime()) throw new RuleError(DUE_AFTER_CLOSING, "reviewsDueAt");
    await tx.updateTable("challenges").set({ reviews_due_at: dueAt, updated_at: sql`now()` }).where("id", "=", c.challengeId).execute();
    await auditChallengeChange(tx, request, "challenge.updated", c, "review-deadline");
  });
}
