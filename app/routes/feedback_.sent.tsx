import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Feedback sent – Civic Innovation Challenge" }];

export default function FeedbackSent() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Feedback sent</h1>
          <div className="govuk-panel__body">Thank you for helping us improve the service</div>
        </div>
        <p className="govuk-body">The programme office reads every answer. We cannot reply, because we do not know who sent it.</p>
        <p className="govuk-body">
          If you need an answer, or want to report a problem with the accessibility of the service, see{" "}
          <Link className="govuk-link" to="/accessibility">the accessibility statement</Link> for how to contact us.
        </p>
        <p className="govuk-body"><Link className="govuk-link" to="/challenges">Browse open challenges</Link></p>
      </div>
    </div>
  );
}
