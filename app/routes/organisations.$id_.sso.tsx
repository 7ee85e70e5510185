// /organisations/:id/sso — the organisation's single sign-on, for its administrators only (decision 040):
// connect its OpenID Connect provider (issuer, client ID, secret; the issuer's discovery is checked when
// saving, the secret never shown back), turn sign-in through it on or off, and the e-mail domains it claims
// (add, prove with a DNS TXT record, remove). Members who are not administrators are refused (403), everyone
// else is told the organisation does not exist (404), as on the API tokens page.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { TextInput } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { OrgPageHeading } from "~/components/org-page-heading";
import { SummaryList } from "~/components/summary-list";
import { Table } from "~/components/table";
import { Tag } from "~/components/tag";
import { formatDate } from "~/lib/dates";
import type { FormErrors } from "~/lib/form-errors";
import { parseFormData, readFormData } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { withRuleErrors } from "~/server/rule-error.server";
import {
  addDomain, readSsoSettings, removeDomain, saveConnection, setConnectionEnabled, ssoActionSchema, verifyDomain, type Refused,
} from "~/server/sso/settings.server";
import { ssoRedirectUri } from "~/server/sso/sign-in.server";
import { refuseAdminOnly, requireOrgAdmin } from "~/server/organisations/admin-only.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Single sign-on for ${data?.org.name ?? "your organisation"} – Civic Innovation Challenge` }];

const ADMINS_ONLY = "Only the organisation's administrators can manage its single sign-on";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membership } = await requireOrgAdmin(request, params.id, ADMINS_ONLY);
  const settings = await readSsoSettings(membership.orgId);
  return json({ org: { id: membership.orgId, name: membership.name }, ...settings, redirectUri: ssoRedirectUri() });
}

/** What was typed, without the secret: it is never sent back to the browser, even to the person who typed it. */
function withoutSecret(errors: FormErrors): FormErrors {
  const { clientSecret: _, ...values } = errors.values;
  return { ...errors, values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Membership and role before the form: a stranger's malformed form gets the same 404 as a well-formed one.
  const { actor, membership } = await requireOrgAdmin(request, params.id, ADMINS_ONLY);
  const orgId = membership.orgId;
  const userId = actor.user.id;
  const formData = await readFormData(request);
  const parsed = parseFormData(formData, ssoActionSchema);
  if (!parsed.ok) {
    const intent = formData.get("intent");
    if (intent === "connect" || intent === "add-domain") return json({ errors: withoutSecret(parsed.errors) }, { status: 400 });
    badRequest("Choose what to do");
  }
  const input = parsed.value;
  const back = (notice: string) => redirect(`/organisations/${orgId}/sso?notice=${notice}`);
  const values = Object.fromEntries([...formData.entries()].filter(([k, v]) => k !== "clientSecret" && typeof v === "string"));
  switch (input.intent) {
    case "connect":
      return withRuleErrors(async () => outcome(await saveConnection(request, orgId, userId, input), back("sso-connection-saved")), { values });
    case "enable":
    case "disable":
      return withRuleErrors(async () => outcome(await setConnectionEnabled(request, orgId, userId, input.intent === "enable"), back(`sso-${input.intent}d`)), { values });
    case "add-domain":
      return withRuleErrors(async () => outcome(await addDomain(request, orgId, userId, input.domain), back("sso-domain-added")), { values });
    case "verify-domain":
      return withRuleErrors(async () => outcome(await verifyDomain(request, orgId, userId, input.domainId), back("sso-domain-verified")), { values, field: `verify-${input.domainId}` });
    case "remove-domain":
      return outcome(await removeDomain(request, orgId, userId, input.domainId), back("sso-domain-removed"));
  }
}

function outcome(result: Refused | { ok: true }, success: Response): Response {
  if (result.ok) return success;
  return refuseAdminOnly(result.reason, ADMINS_ONLY);
}

export default function SingleSignOn() {
  const { org, connection, domains, redirectUri } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  const verified = domains.filter((d) => d.verifiedAt);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <OrgPageHeading org={org} title="Single sign-on" errors={errors} />
        <p className="govuk-body">
          Your staff can sign in with their organisation&apos;s account (for example Microsoft Entra ID, Google Workspace or Okta) instead of a
          password of ours. Connect your OpenID Connect provider, prove the e-mail domains your staff use, then turn single sign-on on.
          Someone signing in for the first time with an address at a verified domain becomes a member of {org.name}.
        </p>

        <h2 className="govuk-heading-m">Status</h2>
        <SummaryList rows={[
          { key: "Single sign-on", value: connection?.enabled ? <Tag label="On" colour="green" /> : <Tag label="Off" colour="grey" /> },
          { key: "Verified domains", value: verified.length ? verified.map((d) => d.domain).join(", ") : "None yet" },
          connection ? { key: "Last changed", value: <>{formatDate(connection.updated_at)}{connection.updated_by_name ? ` by ${connection.updated_by_name}` : ""}</> } : null,
        ]} />
        {connection ? (
          <Form method="post">
            {connection.enabled
              ? <Button name="intent" value="disable" variant="warning">Turn single sign-on off</Button>
              : <>
                {verified.length === 0 ? <p className="govuk-body">Nobody can sign in this way until a domain below is verified.</p> : null}
                <Button name="intent" value="enable">Turn single sign-on on</Button>
              </>}
          </Form>
        ) : null}

        <h2 className="govuk-heading-m">Your identity provider</h2>
        <p className="govuk-body">Register this application at your provider with this redirect URI (sometimes called the reply URL or callback URL):</p>
        <p className="govuk-body"><code className="app-break" data-testid="redirect-uri">{redirectUri}</code></p>
        <p className="govuk-body">Ask for the scopes <code>openid</code>, <code>email</code> and <code>profile</code>. The provider must say that each person&apos;s e-mail address is verified.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="connect" />
          <TextInput name="issuer" label="Issuer" type="url" spellCheck={false} errors={errors} defaultValue={connection?.issuer}
            hint="The provider's issuer address. For Microsoft Entra ID: https://login.microsoftonline.com/<your tenant ID>/v2.0" />
          <TextInput name="clientId" label="Client ID" spellCheck={false} errors={errors} defaultValue={connection?.client_id} width="30"
            hint="Entra ID calls it the application (client) ID" />
          <TextInput name="clientSecret" label="Client secret" type="password" autoComplete="off" errors={errors}
            hint={connection ? "A secret is saved. We never show it again. Leave this blank to keep it, or enter a new one to replace it" : "We keep it encrypted and never show it again"} />
          <Button>{connection ? "Save changes" : "Connect"}</Button>
        </Form>

        <h2 className="govuk-heading-m">E-mail domains</h2>
        <p className="govuk-body">
          Only people whose address is at a verified domain can sign in through your provider. To verify a domain, publish a TXT record
          in its DNS with the name and value shown, then press &ldquo;Verify&rdquo;. A domain can be verified by one organisation only.
        </p>
        <Table caption="Domains" rows={domains} rowKey={(d) => d.id} empty="No domains yet." columns={[
          { header: "Domain", cell: (d) => d.domain },
          { header: "Status", cell: (d) => (d.verifiedAt ? <><Tag label="Verified" colour="green" /> {formatDate(d.verifiedAt)}</> : <Tag label="Not verified" colour="yellow" />) },
          { header: "TXT record", cell: (d) => (d.verifiedAt ? null : (
            <div id={`verify-${d.id}`} className={errors?.fields[`verify-${d.id}`] ? "govuk-form-group govuk-form-group--error govuk-!-margin-bottom-0" : undefined}>
              {errors?.fields[`verify-${d.id}`] ? <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.fields[`verify-${d.id}`]}</p> : null}
              <span className="govuk-body-s">Name: <code className="app-break">{d.recordName}</code><br />Value: <code className="app-break">{d.recordValue}</code></span>
            </div>
          )) },
          { header: <span className="govuk-visually-hidden">Actions</span>, cell: (d) => (
            <Form method="post" className="app-inline-form">
              <input type="hidden" name="domainId" value={d.id} />
              {d.verifiedAt ? null : <Button name="intent" value="verify-domain" variant="secondary" className="govuk-!-margin-bottom-0">Verify<span className="govuk-visually-hidden"> {d.domain}</span></Button>}{" "}
              <Button name="intent" value="remove-domain" variant="warning" className="govuk-!-margin-bottom-0">Remove<span className="govuk-visually-hidden"> {d.domain}</span></Button>
            </Form>
          ) },
        ]} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-domain" />
          <TextInput name="domain" label="Add a domain" spellCheck={false} errors={errors} width="20"
            hint="The part of your staff's e-mail addresses after the @, like camden.gov.uk" />
          <Button variant="secondary">Add domain</Button>
        </Form>
      </div>
    </div>
  );
}
