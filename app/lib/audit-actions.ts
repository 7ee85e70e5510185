// The audit trail's vocabulary: every action it records, with the words the admin search shows.
import { own } from "./own";
export const AUDIT_ACTIONS = {
  "account.signed_in": "Signed in",
  "account.sign_in_failed": "Failed sign-in",
  "account.signed_out": "Signed out",
  "account.exported": "Downloaded their personal data",
  "account.deleted": "Deleted their account",
  "account.two_factor_enabled": "Turned on two-factor authentication",
  "account.two_factor_disabled": "Turned off two-factor authentication",
  "account.two_factor_failed": "Wrong two-factor code",
  "account.recovery_codes_replaced": "Made new recovery codes",
  "account.recovery_code_used": "Used a recovery code",
  "access.refused": "Refused access",
  "organisation.created": "Created an organisation",
  "organisation.member_joined": "Joined an organisation",
  "organisation.member_left": "Left an organisation",
  "organisation.member_removed": "Removed a member",
  "organisation.member_role_changed": "Changed a member's role",
  "organisation.join_code_rotated": "Replaced the joining code",
  "challenge.created": "Created a challenge",
  "challenge.updated": "Changed a challenge",
  "challenge.published": "Published a challenge",
  "challenge.closed": "Closed a challenge",
  "judging.updated": "Changed judge assignments",
  "proposal.created": "Started a proposal",
  "proposal.updated": "Saved a proposal",
  "proposal.submitted": "Submitted a proposal",
  "proposal.withdrawn": "Withdrew a proposal",
  "proposal.viewed": "Viewed a proposal",
  "proposal.partnership_answered": "Answered a partnership",
  "attachment.uploaded": "Uploaded a file",
  "attachment.deleted": "Deleted a file",
  "attachment.downloaded": "Downloaded a file",
  "review.saved": "Saved a review",
  "review.submitted": "Submitted a review",
  "review.recused": "Stepped aside from a review",
  "pairing.requested": "Started pairing",
  "pairing.updated": "Changed pairing",
  "pairing.published": "Published pairing",
  "pairing.answered": "Answered a pairing",
  "pilot.updated": "Changed a pilot plan",
  "pilot.approved": "Approved a pilot plan",
  "pilot.measurement_recorded": "Recorded a measurement",
  "pilot.measurement_reviewed": "Verified or queried a measurement",
  "pilot.milestone_updated": "Changed a milestone",
  "data.exported": "Downloaded an export",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function auditActionLabel(action: string): string {
  return own(AUDIT_ACTIONS as Record<string, string>, action) ?? action;
}
