import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { requireActor } from "~/server/auth.server";

export const meta: MetaFunction = () => [{ title: "Your account – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return json({ name: actor.user.name, email: actor.user.email, twoFactor: actor.twoFactor });
}

export default function Account() {
  const { name, email, twoFactor } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Notice />
        <h1 className="govuk-heading-l">Your account</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Name</dt>
            <dd className="govuk-summary-list__value">{name}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Email address</dt>
            <dd className="govuk-summary-list__value">{email}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Two-factor authentication</dt>
            <dd className="govuk-summary-list__value">
              {twoFactor.enabled ? "On" : twoFactor.required ? "Off: judges and programme administrators must turn it on" : "Off"}
            </dd>
            <dd className="govuk-summary-list__actions">
              <Link className="govuk-link" to="/account/two-factor">
                {twoFactor.enabled ? "Manage" : "Set up"}<span className="govuk-visually-hidden"> two-factor authentication</span>
              </Link>
            </dd>
          </div>
        </dl>
        <ul className="govuk-list">
          <li><Link className="govuk-link" to="/account/password">Change your password</Link></li>
          <li><Link className="govuk-link" to="/account/notifications">Email notifications</Link></li>
        </ul>
        <h2 className="govuk-heading-m">Your data</h2>
        <p className="govuk-body">
          You can download a copy of everything this service holds about you, as a JSON file. Read the{" "}
          <Link className="govuk-link" to="/privacy">privacy notice</Link> to find out what we hold and why.
        </p>
        <ul className="govuk-list">
          <li><a className="govuk-link" href="/account/export" download>Download your data</a></li>
          <li><Link className="govuk-link" to="/account/delete">Delete your account</Link></li>
        </ul>
      </div>
    </div>
  );
}
