// Where a deleted account lands, signed out: a page that says the account is gone and what stays.
import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Your account has been deleted – Civic Innovation Challenge" }];

export default function AccountDeleted() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Your account has been deleted</h1>
          <div className="govuk-panel__body">You have been signed out on every device</div>
        </div>
        <h2 className="govuk-heading-m">What this means</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name and email address have been erased, and you can no longer sign in with them</li>
          <li>you are no longer a member of any organisation, and we will not e-mail you again</li>
          <li>proposals, sponsorships, pilots and reviews stay with their organisations and challenges, without your name</li>
        </ul>
        <p className="govuk-body">
          To take part again, <Link className="govuk-link" to="/sign-up">create a new account</Link>. You can still{" "}
          <Link className="govuk-link" to="/challenges">browse the challenges</Link> without one.
        </p>
      </div>
    </div>
  );
}
