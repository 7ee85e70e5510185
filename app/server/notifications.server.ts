// Email notifications, recorded as rows in `notifications` (an outbox) and sent by the worker
// (jobs/notifications/send.ts). `notify` takes the database or the caller's transaction, so a notice is
// recorded with the change that causes it, or not at all if that change rolls back.
//
// Messages carry no more personal data than they need: no names, no scores, no one else's details; the
// judge invitation link is the only secret an email holds. Recipients are greeted by nothing but the facts.
import { counted } from "../lib/words";
import type { DB } from "../../db/client";
import { formatDate, formatDateTime } from "../lib/dates";
import { isOptionalKind, NEVER_DIGESTED, OPTIONAL_KINDS, type NotificationKind } from "../lib/notification-kinds";
import { db } from "./connections.server";
import { env } from "./env.server";

export type { NotificationKind };

export interface Notice {
  /** The recipient's account, when they have one; their address is read from it unless `toEmail` is given. */
  userId?: string;
  /** For people without an account yet (a judge invitation). */
  toEmail?: string;
  kind: NotificationKind;
  subject: string;
  body: string;
  /**
   * Names the event (e.g. `deadline:<proposalId>:<date>`); each recipient gets a notice for it once,
   * however often it is notified. Stored as `<dedupeKey>:<user id or address>`.
   */
  dedupeKey?: string;
}

/** Records one notice (status "queued"); false when the recipient turned this kind off, or it was already sent. */
export async function notify(executor: DB, notice: Notice): Promise<boolean> {
  return (await notifyAll(executor, [notice])) === 1;
}

/** Records many notices with three queries in all; returns how many were recorded. */
export async function notifyAll(executor: DB, notices: Notice[]): Promise<number> {
  if (notices.length === 0) return 0;
  for (const n of notices) if (!n.userId && !n.toEmail) throw new Error(`a ${n.kind} notice needs a userId or a toEmail`);
  const ids = [...new Set(notices.flatMap((n) => (n.userId ? [n.userId] : [])))];
  const emails = [...new Set(notices.flatMap((n) => (!n.userId && n.toEmail ? [n.toEmail.toLowerCase()] : [])))];
  const users = await executor.selectFrom("users").select(["id", "email", "email_frequency"])
    .where((eb) => eb.or([
      ...(ids.length ? [eb("id", "in", ids)] : []),
      ...(emails.length ? [eb("email", "in", emails)] : []),
    ])).execute();
  const byId = new Map(users.map((u) => [u.id, u]));
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const optedOut = new Set(
    users.length === 0 ? [] : (await executor.selectFrom("notification_preferences").select(["user_id", "kind"])
      .where("user_id", "in", users.map((u) => u.id)).where("enabled", "=", false).where("kind", "in", OPTIONAL_KINDS)
      .execute()).map((p) => `${p.user_id}|${p.kind}`),
  );

  const rows = notices.flatMap((n) => {
    const user = n.userId ? byId.get(n.userId) : byEmail.get(n.toEmail!.toLowerCase());
    if (n.userId && !user) return []; // the account has gone
    // Only optional kinds can be turned off: a stray preference row for a mandatory kind changes nothing.
    if (user && isOptionalKind(n.kind) && optedOut.has(`${user.id}|${n.kind}`)) return [];
    const to = n.toEmail ?? user!.email;
    return [{
      user_id: user?.id ?? null,
      to_email: to,
      kind: n.kind,
      subject: n.subject,
      body: isOptionalKind(n.kind) ? `${n.body}\n\n${PREFERENCES_FOOTER()}` : n.body,
      dedupe_key: n.dedupeKey ? `${n.dedupeKey}:${user?.id ?? to.toLowerCase()}` : null,
      // Someone on the daily digest gets it in tomorrow's digest, not on its own (decision 030).
      status: user?.email_frequency === "daily" && !NEVER_DIGESTED.includes(n.kind) ? "held" as const : "queued" as const,
    }];
  });
  if (rows.length === 0) return 0;
  const inserted = await executor.insertInto("notifications").values(rows)
    .onConflict((oc) => oc.column("dedupe_key").doNothing()).returning("id").execute();
  return inserted.length;
}

/** The same notice to every member of an organisation. */
export async function notifyOrgMembers(executor: DB, orgId: string, notice: Omit<Notice, "userId" | "toEmail">): Promise<number> {
  const members = await executor.selectFrom("memberships").select("user_id").where("org_id", "=", orgId).execute();
  return notifyAll(executor, members.map((m) => ({ ...notice, userId: m.user_id })));
}

// ---------------------------------------------------------------------------------------------------
// What the emails say. Kept together so what leaves the system can be read (and reviewed) in one place.

/**
 * Absolute link to a page of ours, for every e-mail and notice: always on APP_URL, never on a request's Host
 * header (which the client writes), so no link we send can point at another site.
 */
export function appUrl(path: string): string {
  return `${env().APP_URL}${path}`;
}

const PREFERENCES_FOOTER = () => `You can choose which emails you get from the Civic Innovation Challenge: ${appUrl("/account/notifications")}`;

type Message = { subject: string; body: string };
const lines = (...l: string[]) => l.join("\n");

export const messages = {
  confirmEmail(m: { link: string; expiresAt: Date }): Message {
    return {
      subject: "Confirm your email address",
      body: lines(
        "To finish creating your account on the Civic Innovation Challenge, confirm your email address by opening this link.",
        `It works once and expires at ${formatDateTime(m.expiresAt)}:`,
        m.link,
        "",
        "If you did not create an account, ignore this email: nothing happens unless the link is opened.",
      ),
    };
  },
  signUpAttempt(m: { signInLink: string }): Message {
    return {
      subject: "Someone tried to create an account with your email address",
      body: lines(
        "Someone tried to create an account on the Civic Innovation Challenge with this email address, which already has one.",
        "",
        "If it was you, you do not need a new account: sign in with the password you chose before.",
        m.signInLink,
        "",
        "If it was not you, you can ignore this email: your account has not been changed, and nobody can use it without your password.",
      ),
    };
  },
  judgeInvitation(m: { challengeTitle: string; invitedBy: string; link: string; expiresAt: Date }): Message {
    return {
      subject: `Invitation to judge: ${m.challengeTitle}`,
      body: lines(
        `${m.invitedBy} invites you to join the judging panel for the challenge "${m.challengeTitle}".`,
        "",
        `To accept, open this link. It works once and expires on ${formatDate(m.expiresAt)}:`,
        m.link,
        "",
        "Do not forward this email: anyone with the link can use it. If you were not expecting it, you can ignore it.",
      ),
    };
  },
  proposalSubmitted(m: { proposalId: string; proposalTitle: string; challengeTitle: string; closesAt: Date }): Message {
    return {
      subject: `Proposal submitted: ${m.challengeTitle}`,
      body: lines(
        `Your organisation's proposal "${m.proposalTitle}" to the challenge "${m.challengeTitle}" has been submitted.`,
        "",
        `You can withdraw it, change it and submit it again until the deadline, ${formatDateTime(m.closesAt)}.`,
        appUrl(`/my/proposals/${m.proposalId}`),
      ),
    };
  },
  eoiSent(m: { proposalId: string; proposalTitle: string; challengeTitle: string; eoiClosesAt: Date }): Message {
    return {
      subject: `Expression of interest sent: ${m.challengeTitle}`,
      body: lines(
        `Your organisation's expression of interest "${m.proposalTitle}" to the challenge "${m.challengeTitle}" has been sent.`,
        "",
        `You can change it until stage one closes, ${formatDateTime(m.eoiClosesAt)}. The public body then invites some applicants to send a full proposal, and you will be told by email whether you are invited.`,
        appUrl(`/my/proposals/${m.proposalId}`),
      ),
    };
  },
  invitedToStageTwo(m: { proposalId: string; proposalTitle: string; challengeTitle: string; closesAt: Date }): Message {
    return {
      subject: `Invited to stage two: ${m.challengeTitle}`,
      body: lines(
        `The public body running "${m.challengeTitle}" invites your organisation to send a full proposal, following your expression of interest "${m.proposalTitle}".`,
        "",
        `The deadline for full proposals is ${formatDateTime(m.closesAt)}. Your expression of interest is the start of your proposal:`,
        appUrl(`/my/proposals/${m.proposalId}`),
      ),
    };
  },
  notInvitedToStageTwo(m: { proposalId: string; proposalTitle: string; challengeTitle: string; message: string }): Message {
    return {
      subject: `Not invited to stage two: ${m.challengeTitle}`,
      body: lines(
        `Thank you for your expression of interest "${m.proposalTitle}" to the challenge "${m.challengeTitle}". The public body has not invited it to stage two.`,
        "",
        "Their message to applicants who were not invited:",
        m.message,
        "",
        appUrl(`/my/proposals/${m.proposalId}`),
      ),
    };
  },
  assignmentReady(m: { challengeTitle: string; count: number }): Message {
    const what = counted(m.count, "new proposal");
    return {
      subject: `Proposals to review: ${m.challengeTitle}`,
      body: lines(
        `You have been assigned ${what} to review for the challenge "${m.challengeTitle}".`,
        "",
        "Declare any conflict of interest before you start. Your assignments:",
        appUrl("/judging"),
      ),
    };
  },
  feedbackReleased(m: { proposalId: string; proposalTitle: string; challengeTitle: string }): Message {
    return {
      subject: `Feedback on your proposal: ${m.challengeTitle}`,
      body: lines(
        `The judges' scores and comments on your organisation's proposal "${m.proposalTitle}" to the challenge "${m.challengeTitle}" are ready to read.`,
        appUrl(`/my/proposals/${m.proposalId}`),
      ),
    };
  },
  deadlineApproaching(m: { proposalId: string; proposalTitle: string; challengeTitle: string; closesAt: Date }): Message {
    return {
      subject: `Deadline approaching: ${m.challengeTitle}`,
      body: lines(
        `Your organisation's draft proposal "${m.proposalTitle}" to the challenge "${m.challengeTitle}" has not been submitted.`,
        "",
        `The deadline is ${formatDateTime(m.closesAt)}. A draft that is not submitted by then cannot be considered.`,
        appUrl(`/my/proposals/${m.proposalId}`),
      ),
    };
  },
};

// ---------------------------------------------------------------------------------------------------
// Preferences: a row only where the user chose; no row means the kind is on.

export type Preferences = Record<string, boolean>;

/** Each optional kind and whether this user gets it. */
export async function getPreferences(userId: string): Promise<Preferences> {
  const rows = await db().selectFrom("notification_preferences").select(["kind", "enabled"]).where("user_id", "=", userId).execute();
  const chosen = new Map(rows.map((r) => [r.kind, r.enabled]));
  return Object.fromEntries(OPTIONAL_KINDS.map((k) => [k, chosen.get(k) ?? true]));
}

/** Turns on exactly the optional kinds given and turns the others off. Mandatory kinds are not stored. */
export async function setPreferences(userId: string, enabled: readonly string[]): Promise<void> {
  const on = new Set(enabled);
  await db().insertInto("notification_preferences")
    .values(OPTIONAL_KINDS.map((kind) => ({ user_id: userId, kind, enabled: on.has(kind) })))
    .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet((eb) => ({ enabled: eb.ref("excluded.enabled") })))
    .execute();
}

export type EmailFrequency = "immediate" | "daily";

export async function getEmailFrequency(userId: string): Promise<EmailFrequency> {
  return (await db().selectFrom("users").select("email_frequency").where("id", "=", userId).executeTakeFirstOrThrow()).email_frequency;
}

/** Back to immediate emails: what was held for the digest goes now, rather than waiting or being lost. */
export async function setEmailFrequency(userId: string, frequency: EmailFrequency): Promise<void> {
  await db().transaction().execute(async (tx) => {
    await tx.updateTable("users").set({ email_frequency: frequency }).where("id", "=", userId).execute();
    if (frequency === "immediate") await tx.updateTable("notifications").set({ status: "queued" }).where("user_id", "=", userId).where("status", "=", "held").execute();
  });
}

/** For the programme office: the newest notices, whatever became of them. */
export function listRecentNotifications(limit = 200) {
  return db().selectFrom("notifications")
    .select(["id", "created_at", "sent_at", "to_email", "kind", "subject", "body", "status", "error"])
    .orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
}
