import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { requireActor } from "~/server/auth.server";
import { isMonitoringRespondent } from "~/server/inclusion/answers.server";
import { SummaryList } from "~/components/summary-list";

export const meta: MetaFunction = () => [{ title: "Your account – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const monitoring = await isMonitoringRespondent(actor);
  return json({ name: actor.user.name, email: actor.user.email, twoFactor: actor.twoFactor, monitoring });
}

export default function Account() {
  const { name, email, twoFactor, monitoring } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Notice />
        <h1 className="govuk-heading-l">Your account</h1>
        <SummaryList rows={[
          { key: "Name", value: name },
          { key: "Email address", value: email },
          {
            key: "Two-factor authentication",
            value: twoFactor.enabled ? "On" : twoFactor.required ? "Off: judges and programme administrators must turn it on" : "Off",
            action: { href: "/account/two-factor", label: twoFactor.enabled ? "Manage" : "Set up", hidden: "two-factor authentication" },
          },
        ]} />
        <ul className="govuk-list">
          <li><Link className="govuk-link" to="/account/password">Change your password</Link></li>
          <li><Link className="govuk-link" to="/account/notifications">Email notifications</Link></li>
          {monitoring ? <li><Link className="govuk-link" to="/account/monitoring">Equality and diversity monitoring</Link></li> : null}
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
