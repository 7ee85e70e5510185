// The kinds of email the programme sends, in the users' words. Shared by the server (which records and
// filters notices) and the preferences page (which lists the kinds a user may turn off).
export const NOTIFICATION_KINDS = [
  { kind: "email_confirmation", label: "Links to confirm your email address", optional: false },
  { kind: "sign_up_attempt", label: "Someone tried to create an account with your email address", optional: false },
  { kind: "judge_invitation", label: "Invitations to join a judging panel", optional: false },
  { kind: "clarification_published", label: "Answers to questions and changes to a challenge you applied to", optional: false },
  { kind: "clarification_asked", label: "Questions from start-ups about your challenges", optional: true },
  { kind: "proposal_screened", label: "Whether your proposal is eligible, and why", optional: false },
  { kind: "stage_two_decision", label: "Whether your expression of interest is invited to stage two", optional: false },
  { kind: "proposal_submitted", label: "Receipts when your organisation submits a proposal", optional: true },
  { kind: "review_due", label: "Reminders of reviews due soon", optional: true },
  { kind: "assignment_ready", label: "New proposals assigned to you to review", optional: true },
  { kind: "rapporteur_chosen", label: "You are asked to write a panel's consensus report", optional: false },
  { kind: "consensus_submitted", label: "A panel you sit on submits its consensus report", optional: true },
  { kind: "feedback_released", label: "Judges' feedback on your proposals is ready", optional: true },
  { kind: "pairing_published", label: "Sponsor pairings are published", optional: true },
  { kind: "partner_response", label: "A partner accepts or declines a pairing", optional: true },
  { kind: "pilot_completed", label: "A pilot your organisation is in is completed", optional: true },
  { kind: "register_awaiting", label: "A dataset in a pilot's data register waits for your approval", optional: true },
  { kind: "proposal_message", label: "New messages about a proposal your organisation is part of", optional: true },
  { kind: "resident_moderated", label: "What the programme office decided about a suggestion or feedback you wrote", optional: false },
  { kind: "suggestion_became_challenge", label: "A problem you support becomes a challenge", optional: true },
  { kind: "followed_update", label: "News of challenges and pilots you follow", optional: true },
  { kind: "feedback_answered", label: "A pilot team answers your feedback", optional: true },
  { kind: "deadline_approaching", label: "Reminders of unsubmitted drafts near a deadline", optional: true },
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]["kind"] | "daily_digest";

/**
 * Kinds that go at once even to someone who chose the daily digest (decision 030): a link that expires, a
 * warning about their account, an invitation someone waits on. Everything else waits for the digest.
 */
export const NEVER_DIGESTED: readonly NotificationKind[] = ["email_confirmation", "sign_up_attempt", "judge_invitation", "daily_digest"];

/** The kinds a user may turn off; every other kind is always sent. */
export const OPTIONAL_KINDS = NOTIFICATION_KINDS.filter((k) => k.optional).map((k) => k.kind) as [NotificationKind, ...NotificationKind[]];

export function isOptionalKind(kind: string): boolean {
  return NOTIFICATION_KINDS.some((k) => k.kind === kind && k.optional);
}

export function notificationKindLabel(kind: string): string {
  return NOTIFICATION_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}
