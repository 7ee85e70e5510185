// Success messages after a redirect. The URL carries only a key from this list, never user data.
import { useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";

// A run's "has started" (assignment-started, scoring-started, pairing-started, round-started) is not here:
// RunProgress shows it, and turns it into the run's outcome when it finishes.
const NOTICES: Record<string, string> = {
  "email-confirmed": "Your email address has been confirmed.",
  "confirmation-sent": "We have sent you a new link. Check your email.",
  "org-created": "Your organisation has been created.",
  "org-joined": "You have joined the organisation.",
  "org-switched": "You are now acting for this organisation.",
  "org-left": "You have left the organisation.",
  "member-removed": "The member has been removed. If they know the joining code, replace it so they cannot join again.",
  "member-role-changed": "The member's role has been changed.",
  "api-token-revoked": "The API token has been revoked. It no longer works.",
  "join-code-rotated": "The joining code has been replaced. The old code no longer works.",
  "challenge-saved": "Your challenge has been saved as a draft.",
  "challenge-updated": "Your changes have been saved.",
  "challenge-published": "Your challenge has been published.",
  "challenge-clarified": "Your changes have been saved and published as a clarification. Everyone who started a proposal has been told by email.",
  "suggestion-sent": "Thank you. We have your suggestion. The programme office reads it before it is public. We will email you when they decide.",
  "suggestion-supported": "You support this suggestion.",
  "support-withdrawn": "You no longer support this suggestion.",
  "suggestion-moderated": "Your decision has been saved. The author has been told by email.",
  "suggestion-linked": "The suggestion is linked to the challenge. Its supporters are told by email when the challenge is public.",
  "report-sent": "Thank you. The programme office will look at your report.",
  "report-resolved": "The report has been dealt with.",
  "following": "You are following this. We will email you its news.",
  "not-following": "You are no longer following this.",
  "feedback-sent": "Thank you. The programme office reads feedback before it is public. We will email you when they decide.",
  "feedback-answered": "Your answer is published under the feedback.",
  "question-asked": "Your question has been sent to the public body. When it is answered, the answer is published on the challenge page without your name, and you are told by email.",
  "review-deadline-saved": "The review deadline has been saved. Judges with reviews to finish are reminded three days before it.",
  "proposal-screened": "The proposal's eligibility has been saved. If the decision changed, the applicant has been told by email.",
  "clarification-published": "The clarification is published on the challenge page. Everyone who started a proposal has been told by email.",
  "stage-two-decided": "The invitations to stage two have been sent, and everyone who sent an expression of interest has been told.",
  "eoi-sent": "Your expression of interest has been sent. You will be told by email whether you are invited to stage two.",
  "proposal-saved": "Your draft has been saved. You can come back to it at any time before the deadline.",
  "proposal-submitted": "Your proposal has been submitted.",
  "proposal-withdrawn": "Your proposal has been withdrawn. You can change it and submit it again before the deadline.",
  "monitoring-saved": "Your monitoring answers have been saved. Thank you.",
  "monitoring-withdrawn": "Your monitoring answers have been deleted.",
  "password-changed": "Your password has been changed. You have been signed out everywhere else.",
  "account-deleted": "Your account has been deleted and you have been signed out.",
  "two-factor-off": "Two-factor authentication has been turned off and your recovery codes deleted.",
  "org-verified": "The organisation's verification has been updated.",
  "theme-added": "The theme has been added.",
  "judge-joined": "You have joined the judging panel. Tell us your expertise and declare any conflicts of interest.",
  "judge-profile-saved": "Your expertise and capacity have been saved.",
  // The same words whether or not anything was removed: which proposal went would tell a blind judge whose it was.
  "conflict-declared": "Your conflict of interest has been recorded. If you were assigned any of its proposals, they have been removed from your list, on every panel.",
  "conflict-removed": "The conflict has been removed.",
  "review-saved": "Your review has been saved. You can come back to it.",
  "review-submitted": "Your review has been submitted. Thank you.",
  "review-recused": "You have stepped aside from this proposal. It will be offered to another judge.",
  "assignment-moved": "The assignment has been moved.",
  "assignment-removed": "The assignment has been removed.",
  "shortlist-saved": "The shortlist has been saved.",
  "threshold-saved": "The total threshold has been saved. The ranking below says which proposals pass.",
  "panel-message-posted": "Your message has been added to the panel's discussion.",
  "rapporteur-chosen": "The rapporteur has been chosen and told by email.",
  "consensus-saved": "The consensus report has been saved as a draft.",
  "consensus-submitted": "The consensus report has been submitted. The panel has been told by email.",
  "feedback-released": "Feedback has been released to applicants.",
  "weights-saved": "The pairing weights have been saved. They apply to the next pairing run.",
  "in-kind-added": "The kind of support has been added.",
  "offer-saved": "Your sponsorship offer has been sent to the challenge owner.",
  "offer-decided": "Your decision on the sponsorship offer has been saved.",
  "pairing-locked": "The pair has been locked: it will survive re-runs.",
  "pairing-unlocked": "The pair has been unlocked.",
  "pairing-excluded": "The pair has been excluded. Run the pairing again to re-pair.",
  "pairing-published": "The pairing has been published. Start-ups and sponsors can now accept or decline.",
  "pairing-accepted": "You have accepted the partnership.",
  "pairing-declined": "You have declined the partnership. The place will be offered again when the pairing is re-run.",
  "pilot-plan-saved": "The pilot's dates and budget have been saved.",
  "milestone-saved": "The milestone has been saved.",
  "attachment-uploaded": "Your file has been attached.",
  "attachment-deleted": "The file has been deleted.",
  "message-sent": "Your message has been sent. The other parties have been told by email.",
  "evidence-uploaded": "The evidence file has been attached to the milestone.",
  "evidence-deleted": "The evidence file has been deleted.",
  "milestone-removed": "The milestone has been removed.",
  "kpi-saved": "The KPI has been saved.",
  "kpi-removed": "The KPI has been removed.",
  "milestone-done": "The milestone has been marked done.",
  "plan-change-proposed": "Your change to the plan has been sent to the public body to approve or decline.",
  "plan-change-approved": "The change has been approved and the plan updated.",
  "plan-change-declined": "The change has been declined. The plan is as it was.",
  "pilot-completed": "The pilot is marked completed. The team has been told by email.",
  "pilot-approved": "The plan has been approved. The pilot's page is now public and the start-up can record measurements.",
  "register-declared": "The dataset has been added to the data register. The public body will approve it; until then it is not public.",
  "register-changed": "Your change has been saved and sent to the public body to approve. Until then the register shows the version approved before.",
  "register-approved": "The entry has been approved and is now public in the data register.",
  "measurement-recorded": "The measurement has been recorded. The public body will check it.",
  "measurement-verified": "The measurement has been verified.",
  "measurement-queried": "The measurement has been queried. It is left out of the status until it is resolved.",
};

export function Notice() {
  const [params] = useSearchParams();
  const key = params.get("notice");
  const text = key ? NOTICES[key] : undefined;
  if (!text) return null;
  return <SuccessBanner title="Success">{text}</SuccessBanner>;
}

/** A GOV.UK success notification banner. */
export function SuccessBanner({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="notice-title" data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="notice-title">{title}</h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}
