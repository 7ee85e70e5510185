// The e-mail a new message sends, written in the transaction that posts it. It says who wrote and where
// to read it, never what was written: the message stays behind the thread's access rule.
import type { DB } from "../../../db/client";
import { appUrl, notifyAll } from "../notifications.server";
import type { Thread } from "./access.server";
import { partyOrgIds } from "./access.server";

/**
 * Every member of the thread's other parties hears of the message: not the author's own organisation,
 * not the author (whatever else they belong to), and no one on the challenge's judging panel.
 */
export async function notifyMessagePosted(
  executor: DB, thread: Thread, m: { messageId: string; authorId: string; authorOrgId: string; authorOrgName: string },
): Promise<number> {
  const others = partyOrgIds(thread).filter((id) => id !== m.authorOrgId);
  if (others.length === 0) return 0;
  const members = await executor.selectFrom("memberships").select("user_id").distinct()
    .where("org_id", "in", others).where("user_id", "!=", m.authorId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("judges").select("judges.id")
      .whereRef("judges.user_id", "=", "memberships.user_id").where("judges.challenge_id", "=", thread.challengeId))))
    .execute();
  return notifyAll(executor, members.map((r) => ({
    userId: r.user_id,
    kind: "proposal_message" as const,
    subject: `New message: ${thread.proposalTitle}`,
    body: [
      `${m.authorOrgName} sent a message about the proposal "${thread.proposalTitle}" to the challenge "${thread.challengeTitle}".`,
      "",
      "Read it and reply:",
      appUrl(`/proposals/${thread.proposalId}/messages`),
    ].join("\n"),
    dedupeKey: `message:${m.messageId}`,
  })));
}
