// The daily digest (decision 030): for each person who chose one, the notices held for them since the last
// digest become one email, in the order they happened, and are marked "digested" in the same transaction.
// Runs take turns (a transaction-level advisory lock; a later run then finds nothing held), so each notice is
// in exactly one digest and each person gets one, however many workers start the job.
import { sql } from "kysely";
import { counted } from "../../app/lib/words";
import type { DB } from "../../db/client";
import { appUrl, notifyAll } from "../../app/server/notifications.server";

const SEPARATOR = "\n\n----------\n\n";

export async function sendDailyDigests(db: DB): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('daily-digest', 0))`.execute(tx);
    const held = await tx.selectFrom("notifications").select(["id", "user_id", "subject", "body", "created_at"])
      .where("status", "=", "held").where("user_id", "is not", null)
      .orderBy("user_id").orderBy("created_at").orderBy("id")
      .forUpdate().execute();
    if (held.length === 0) return 0;
    const byUser = new Map<string, typeof held>();
    for (const n of held) byUser.set(n.user_id!, [...(byUser.get(n.user_id!) ?? []), n]);
    await tx.updateTable("notifications").set({ status: "digested", sent_at: sql`now()` }).where("id", "in", held.map((n) => n.id)).execute();
    return notifyAll(tx, [...byUser].map(([userId, notices]) => ({
      userId,
      kind: "daily_digest" as const,
      subject: `Your daily summary: ${counted(notices.length, "update")} from the Civic Innovation Challenge`,
      body: [
        `Here is what happened since your last summary. You chose one email a day; you can change that at ${appUrl("/account/notifications")}.`,
        ...notices.map((n) => `${n.subject}\n\n${n.body}`),
      ].join(SEPARATOR),
    })));
  });
}
