import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { VerifiedExplainer } from "~/components/verified";
import { Tag } from "~/components/tag";
import { formatDate } from "~/lib/dates";
import { kindLabel, requireAdmin } from "~/server/auth.server";
import { invalid, parseForm, toFormErrors } from "~/server/forms.server";
import { badRequest, notFound } from "~/server/http.server";
import { listOrganisationsForAdmin, setVerified, verifyOrgSchema } from "~/server/organisations/organisations.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Verify organisations – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const orgs = await listOrganisationsForAdmin();
  return json({ orgs: orgs.map((o) => ({ ...o, kindLabel: kindLabel(o.kind), member_count: Number(o.member_count ?? 0) })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const parsed = await parseForm(request, verifyOrgSchema);
  if (!parsed.ok) badRequest("Choose an organisation to verify");
  const verified = parsed.value.verified === "yes";
  const result = await setVerified(request, parsed.value.orgId, admin.user.id, verified);
  if (!result.ok) {
    if (result.reason === "not-found") notFound();
    return invalid(toFormErrors({ [`org-${parsed.value.orgId}`]: `This organisation's name reads the same as ${result.namesake}, which is already verified. Two verified organisations cannot have names that read the same` }, {}));
  }
  return redirect("/admin/organisations?notice=org-verified");
}

export default function AdminOrganisations() {
  const { orgs } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <h1 className="govuk-heading-l">Verify organisations</h1>
      <p className="govuk-body">
        Check an organisation is who it says it is before verifying it. Names that read like an organisation
        already verified (the same letters once case, spacing, punctuation, look-alike characters and endings such
        as "Ltd" or "Council" are set aside, or one or two letters apart) are marked: be sure it is not an impostor.
      </p>
      <VerifiedExplainer />
      <Table caption="Organisations" rows={orgs} rowKey={(o) => o.id} rowId={(o) => `org-${o.id}`} columns={[
        { header: "Organisation", cell: (o) => <>
          {o.name}{o.website ? <><br /><span className="govuk-body-s">{o.website}</span></> : null}
          {o.looksLike.length ? (
            <><br /><Tag label="Looks like a verified organisation" colour="orange" /><br /><span className="govuk-body-s">Reads like {o.looksLike.join(", ")}</span></>
          ) : null}
        </> },
        { header: "Kind", cell: (o) => o.kindLabel },
        { header: "Joined", cell: (o) => formatDate(o.created_at) },
        { header: "Members", numeric: true, cell: (o) => o.member_count },
        { header: "Status", cell: (o) => o.verified_at ? <Tag label="Verified" colour="green" /> : <Tag label="Not verified" colour="grey" /> },
        { header: <span className="govuk-visually-hidden">Action</span>, cell: (o) => (
          <Form method="post" className="app-inline-form">
            <input type="hidden" name="orgId" value={o.id} />
            <Button name="verified" value={o.verified_at ? "no" : "yes"} variant={o.verified_at ? "secondary" : undefined} className="govuk-!-margin-bottom-0">
              {o.verified_at ? "Remove verification" : "Verify"}<span className="govuk-visually-hidden"> {o.name}</span>
            </Button>
          </Form>
        ) },
      ]} />
    </>
  );
}
