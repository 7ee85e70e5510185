// Delivering the notifications outbox. Each batch is claimed with FOR UPDATE SKIP LOCKED, so two
// workers never send the same notice, and its rows are marked in the same transaction that holds the lock.
// Delivery is at least once: a crash after a send but before the commit sends that notice again.
//
// Without SMTP (no SMTP_URL) notices are marked "stored" instead: nothing is lost, and the programme
// office reads them on /admin/notifications.
import nodemailer, { type SendMailOptions } from "nodemailer";
import { sql } from "kysely";
import type { DB } from "../../db/client";

export const DEFAULT_FROM = "Civic Innovation Challenge <no-reply@civic.example>";
const BATCH_SIZE = 50;

/** What delivery needs of a nodemailer transport (SMTP in production; stream or JSON transports in tests). */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
  close?(): void;
}

/** The SMTP transport named by SMTP_URL (e.g. smtp://user:pass@host:587), or null when there is none. */
export function transportFromEnv(env: NodeJS.ProcessEnv = process.env): MailTransport | null {
  return env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
}

export interface DeliveryResult {
  sent: number;
  stored: number;
  failed: number;
}

export async function deliverQueued(
  db: DB,
  transport: MailTransport | null,
  options: { from?: string; batchSize?: number } = {},
): Promise<DeliveryResult> {
  const from = options.from ?? (process.env.MAIL_FROM || DEFAULT_FROM);
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const total: DeliveryResult = { sent: 0, stored: 0, failed: 0 };
  for (;;) {
    const batch = await db.transaction().execute(async (tx) => {
      const done: DeliveryResult = { sent: 0, stored: 0, failed: 0 };
      const claimed = await tx.selectFrom("notifications").select(["id", "to_email", "subject", "body"])
        .where("status", "=", "queued").orderBy("created_at").orderBy("id").limit(batchSize)
        .forUpdate().skipLocked().execute();
      if (claimed.length === 0) return { done, claimed: 0 };
      if (!transport) {
        await tx.updateTable("notifications").set({ status: "stored" }).where("id", "in", claimed.map((n) => n.id)).execute();
        done.stored = claimed.length;
        return { done, claimed: claimed.length };
      }
      for (const n of claimed) {
        try {
          await transport.sendMail({
            from, to: n.to_email, subject: n.subject, text: n.body,
            // RFC 3834: tells mail servers and out-of-office replies this is automatic.
            headers: { "Auto-Submitted": "auto-generated" },
          });
          await tx.updateTable("notifications").set({ status: "sent", sent_at: sql`now()`, error: null }).where("id", "=", n.id).execute();
          done.sent++;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await tx.updateTable("notifications").set({ status: "failed", error: message.slice(0, 1000) }).where("id", "=", n.id).execute();
          done.failed++;
        }
      }
      return { done, claimed: claimed.length };
    });
    total.sent += batch.done.sent;
    total.stored += batch.done.stored;
    total.failed += batch.done.failed;
    if (batch.claimed < batchSize) return total;
  }
}
