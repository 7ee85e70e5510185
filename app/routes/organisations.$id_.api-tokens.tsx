// /organisations/:id/api-tokens — the organisation's API tokens, for its administrators only (decision 038):
// make one (name and scope; the token is shown on the answer to that form and never again), list them (no
// secret: only names, scopes and dates), revoke one. Members who are not administrators are refused (403),
// everyone else is told the organisation does not exist (404).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { Choices, TextInput } from "~/components/fields";
import { useAddFormKey, useFormErrors } from "~/components/form-errors";
import { OrgPageHeading } from "~/components/org-page-heading";
import { Table } from "~/components/table";
import { Tag } from "~/components/tag";
import { formatDate } from "~/lib/dates";
import { API_TOKEN_SCOPES, SCOPE_MEANING } from "~/lib/api-scopes";
import { apiTokenActionSchema, createApiToken, listApiTokens, revokeApiToken } from "~/server/api/tokens.server";
import { invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { refuseAdminOnly, requireOrgAdmin, type AdminRefusal } from "~/server/organisations/admin-only.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `API tokens of ${data?.org.name ?? "your organisation"} – Civic Innovation Challenge` }];

const ADMINS_ONLY = "Only the organisation's administrators can manage its API tokens";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membership } = await requireOrgAdmin(request, params.id, ADMINS_ONLY);
  const tokens = await listApiTokens(membership.orgId);
  return json({ org: { id: membership.orgId, name: membership.name }, tokens });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Membership and role before the form: a stranger's malformed form gets the same 404 as a well-formed one.
  const { actor, membership } = await requireOrgAdmin(request, params.id, ADMINS_ONLY);
  const parsed = parseFormData(await readFormData(request), apiTokenActionSchema);
  if (!parsed.ok) {
    if (parsed.formData.get("intent") === "create") return invalid(parsed.errors);
    badRequest("Choose the token to revoke");
  }
  const input = parsed.value;
  if (input.intent === "create") {
    const result = await createApiToken(request, membership.orgId, actor.user.id, input);
    if (!result.ok) return refused(result.reason);
    // The token is in this answer only: never stored, never in a URL, never cached.
    return json({ created: { name: input.name, scope: input.scope, token: result.token } }, { headers: { "Cache-Control": "no-store" } });
  }
  const result = await revokeApiToken(request, membership.orgId, actor.user.id, input.tokenId);
  if (!result.ok) return refused(result.reason);
  return redirect(`/organisations/${membership.orgId}/api-tokens?notice=api-token-revoked`);
}

function refused(reason: AdminRefusal["reason"]): never {
  return refuseAdminOnly(reason, ADMINS_ONLY);
}

const SCOPE_OPTIONS = API_TOKEN_SCOPES.map((s) => ({ value: s, label: s === "read" ? "Read" : "Read and write", hint: SCOPE_MEANING[s] }));

export default function ApiTokens() {
  const { org, tokens } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = useFormErrors(data && "errors" in data ? data : undefined);
  const created = data && "created" in data ? data.created : null;
  const formKey = useAddFormKey(created?.token);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <OrgPageHeading org={org} title="API tokens" errors={errors} />
        {created ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h2 className="govuk-panel__title">Token “{created.name}” made</h2>
            <div className="govuk-panel__body">
              <code className="app-break" data-testid="new-token">{created.token}</code>
            </div>
          </div>
        ) : null}
        {created ? (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Copy the token now: it is shown only once. We keep only a fingerprint of it, so nobody can show it again. Lost it? Revoke it and make another.
            </strong>
          </div>
        ) : null}
        <p className="govuk-body">
          A token lets another system read {org.name}&apos;s challenges, proposals, released scores and pilots, as its members see them,
          by sending <code>Authorization: Bearer &lt;token&gt;</code> to the endpoints under <code>/api/org/</code>.
          They are described in the <a className="govuk-link" href="/api/openapi.json">OpenAPI document</a>.
        </p>
        <Table caption="Tokens" rows={tokens} rowKey={(t) => t.id} empty="No tokens yet." columns={[
          { header: "Name", cell: (t) => t.name },
          { header: "Scope", cell: (t) => (t.scope === "read" ? "Read" : "Read and write") },
          { header: "Made", cell: (t) => <>{formatDate(t.created_at)}{t.created_by_name ? ` by ${t.created_by_name}` : ""}</> },
          { header: "Last used", cell: (t) => (t.last_used_at ? formatDate(t.last_used_at) : "Never") },
          { header: "Status", cell: (t) => t.revoked_at
            ? <><Tag label="Revoked" colour="grey" /> {formatDate(t.revoked_at)}{t.revoked_by_name ? ` by ${t.revoked_by_name}` : ""}</>
            : <Tag label="Active" colour="green" /> },
          { header: <span className="govuk-visually-hidden">Actions</span>, cell: (t) => t.revoked_at ? null : (
            <Form method="post" className="app-inline-form">
              <input type="hidden" name="tokenId" value={t.id} />
              <Button name="intent" value="revoke" variant="warning" className="govuk-!-margin-bottom-0">
                Revoke<span className="govuk-visually-hidden"> {t.name}</span>
              </Button>
            </Form>
          ) },
        ]} />

        <h2 className="govuk-heading-m">Make a token</h2>
        <Form method="post" noValidate key={formKey}>
          <input type="hidden" name="intent" value="create" />
          <TextInput name="name" label="Name" hint="What it is for, so you know which to revoke, like “Council data warehouse”" errors={errors} width="30" />
          <Choices type="radio" name="scope" label="What may it do?" options={SCOPE_OPTIONS} errors={errors} />
          <Button>Make token</Button>
        </Form>
      </div>
    </div>
  );
}
