// Who the programme office has verified: a GOV.UK tag beside an organisation's name wherever it is shown
// to others, and what the tag means, in a details component on the pages that show it.
import { Tag } from "./tag";

export function OrgName({ name, verified }: { name: string; verified: boolean }) {
  return (
    <>
      {name}
      {verified ? <>{" "}<Tag label="Verified" colour="green" /></> : null}
    </>
  );
}

export function VerifiedExplainer() {
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">What &lsquo;Verified&rsquo; means</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">
          The programme office has checked that an organisation marked Verified is who it says it is: that a
          council, health or transport body is that public body, and that a company is registered and its people
          work for it. No two verified organisations have names that read the same.
        </p>
        <p className="govuk-body">
          Only verified public bodies can publish challenges, and a challenge owner can accept sponsorship only from
          verified corporates. An organisation without the mark may be new and still waiting to be checked.
        </p>
      </div>
    </details>
  );
}
