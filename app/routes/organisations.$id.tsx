import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { VerifiedExplainer } from "~/components/verified";
import { isOrgAdmin } from "~/lib/org-roles";
import { kindLabel, requireActor } from "~/server/auth.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { getOrganisationForMember } from "~/server/organisations/organisations.server";
import { SummaryList } from "~/components/summary-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.org.name ?? "Organisation"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const org = await getOrganisationForMember({ orgId: requireId(params.id), userId: actor.user.id });
  if (!org) notFound();
  return json({ org: { ...org, kindLabel: kindLabel(org.kind) } });
}

export default function Organisation() {
  const { org } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Notice />
        <span className="govuk-caption-l">{org.kindLabel}</span>
        <h1 className="govuk-heading-l">{org.name}</h1>
        <p className="govuk-body">{org.verified_at ? <Tag label="Verified by the programme office" colour="green" /> : <Tag label="Awaiting verification" colour="grey" />}</p>
        <VerifiedExplainer />
        {org.description ? <p className="govuk-body">{org.description}</p> : null}
        <SummaryList rows={[
          { key: "Joining code", value: <><code>{org.join_code}</code><br /><span className="govuk-hint">Give this to colleagues so they can join.</span></> },
          org.website ? { key: "Website", value: org.website } : null,
          { key: "Members", value: <>
            <ul className="govuk-list">
              {(org.members ?? []).map((m, i) => <li key={i}>{m.name}{isOrgAdmin(m.role) ? " (administrator)" : ""}</li>)}
            </ul>
            <Link className="govuk-link" to={`/organisations/${org.id}/members`}>{isOrgAdmin(org.role) ? "Manage members and the joining code" : "Members, and leaving the organisation"}</Link>
            {isOrgAdmin(org.role) ? <><br /><Link className="govuk-link" to={`/organisations/${org.id}/api-tokens`}>API tokens</Link>
              <br /><Link className="govuk-link" to={`/organisations/${org.id}/webhooks`}>Webhooks</Link>
              <br /><Link className="govuk-link" to={`/organisations/${org.id}/sso`}>Single sign-on</Link></> : null}
          </> },
        ]} />
      </div>
    </div>
  );
}
