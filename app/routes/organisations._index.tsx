import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { VerifiedExplainer } from "~/components/verified";
import { kindLabel, requireActor } from "~/server/auth.server";
import { invalid, parseForm } from "~/server/forms.server";
import { chooseOrgSchema } from "~/server/organisations/organisations.server";
import { actForOrganisation } from "~/server/organisations/membership.server";
import { Button, ButtonLink } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Your organisations – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return json({
    memberships: actor.memberships.map((m) => ({ ...m, kindLabel: kindLabel(m.kind) })),
    activeOrgId: actor.org?.orgId ?? null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = await parseForm(request, chooseOrgSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  await actForOrganisation(actor, parsed.value.orgId);
  return redirect("/organisations?notice=org-switched");
}

export default function Organisations() {
  const { memberships, activeOrgId } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Notice />
        <h1 className="govuk-heading-l">Your organisations</h1>
        {memberships.length === 0 ? (
          <p className="govuk-body">You are not part of an organisation yet. Create one, or join one with the code a colleague gives you.</p>
        ) : (
          <Table caption="Choose the organisation you are acting for" captionClass="m" rows={memberships} rowKey={(m) => m.orgId} columns={[
            { header: "Organisation", cell: (m) => <Link className="govuk-link" to={`/organisations/${m.orgId}`}>{m.name}</Link> },
            { header: "Kind", cell: (m) => m.kindLabel },
            { header: "Status", cell: (m) => m.verified ? <Tag label="Verified" colour="green" /> : <Tag label="Not verified" colour="grey" /> },
            { header: <span className="govuk-visually-hidden">Action</span>, cell: (m) => m.orgId === activeOrgId ? (
              <strong>Acting for this organisation</strong>
            ) : (
              <Form method="post" className="app-inline-form">
                <input type="hidden" name="orgId" value={m.orgId} />
                <Button variant="secondary" className="govuk-!-margin-bottom-0">
                  Act for<span className="govuk-visually-hidden"> {m.name}</span>
                </Button>
              </Form>
            ) },
          ]} />
        )}
        {memberships.length ? <VerifiedExplainer /> : null}
        <div className="govuk-button-group">
          <ButtonLink to="/organisations/new">Create an organisation</ButtonLink>
          <ButtonLink to="/organisations/join" variant="secondary">Join an organisation</ButtonLink>
        </div>
        <ul className="govuk-list">
          <li><Link className="govuk-link" to="/account/password">Change your password</Link></li>
          <li><Link className="govuk-link" to="/account/notifications">Email notifications</Link></li>
        </ul>
      </div>
    </div>
  );
}
