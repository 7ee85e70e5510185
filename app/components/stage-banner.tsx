// Where a proposal stands in stage two of a two-stage call (decision 032), for its applicant.
import { formatDateTime } from "~/lib/dates";
import type { ProposalStage } from "~/rules/challenges/two-stage";

type Stage = Omit<ProposalStage, "eoiClosesAt" | "eoiSentAt"> & { eoiClosesAt: string | Date | null; eoiSentAt: string | Date | null };

export function StageBanner({ stage, closesAt }: { stage: Stage; closesAt: string | Date }) {
  if (stage.phase !== "stage-two") return null;
  if (stage.stageTwo === "invited") {
    return (
      <div className="govuk-inset-text" id="stage-two">
        <h2 className="govuk-heading-s">Invited to stage two</h2>
        <p className="govuk-body">The public body invites you to send a full proposal by {formatDateTime(closesAt)} (UK time). Your expression of interest is its start.</p>
      </div>
    );
  }
  return (
    <div className="govuk-inset-text" id="stage-two">
      <h2 className="govuk-heading-s">{stage.stageTwo === "not_invited" ? "Not invited to stage two" : "Stage one has closed"}</h2>
      <p className="govuk-body">{stage.reason}.</p>
      {stage.message ? <p className="govuk-body">Their message: {stage.message}</p> : null}
    </div>
  );
}
