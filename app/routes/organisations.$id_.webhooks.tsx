// /organisations/:id/webhooks — the organisation's webhook endpoints, for its administrators only (decision
// 039): register one (an https address and the events it wants; its signing secret is shown on the answer
// to that form and never again), turn it off or on, delete it, send it a test event, and read the recent
// deliveries with their outcome. Members who are not administrators are refused (403), everyone else is
// told the organisation does not exist (404), as on the API tokens page.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { Choices, TextInput } from "~/components/fields";
import { useAddFormKey, useFormErrors } from "~/components/form-errors";
import { OrgPageHeading } from "~/components/org-page-heading";
import { Table } from "~/components/table";
import { Tag } from "~/components/tag";
import { formatDate, formatDateTime } from "~/lib/dates";
import { DELIVERY_STATUS_LABELS, TEST_EVENT, WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEvent } from "~/lib/webhook-events";
import { fieldError, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import {
  deleteEndpoint, listEndpoints, listRecentDeliveries, MAX_ENDPOINTS, registerEndpoint, sendTestEvent, setEndpointEnabled, webhookActionSchema,
} from "~/server/webhooks/endpoints.server";
import { refuseAdminOnly, requireOrgAdmin, type AdminRefusal } from "~/server/organisations/admin-only.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Webhooks of ${data?.org.name ?? "your organisation"} – Civic Innovation Challenge` }];

const ADMINS_ONLY = "Only the organisation's administrators can manage its webhooks";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membership } = await requireOrgAdmin(request, params.id, ADMINS_ONLY);
  const [endpoints, deliveries] = await Promise.all([listEndpoints(membership.orgId), listRecentDeliveries(membership.orgId)]);
  return json({ org: { id: membership.orgId, name: membership.name }, endpoints, deliveries });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Membership and role before the form: a stranger's malformed form gets the same 404 as a well-formed one.
  const { actor, membership } = await requireOrgAdmin(request, params.id, ADMINS_ONLY);
  const formData = await readFormData(request);
  const parsed = parseFormData(formData, webhookActionSchema);
  if (!parsed.ok) {
    if (parsed.formData.get("intent") === "register") return invalid(parsed.errors);
    badRequest("Choose the endpoint");
  }
  const input = parsed.value;
  const orgId = membership.orgId;
  const back = (notice: string) => redirect(`/organisations/${orgId}/webhooks?notice=${notice}`);
  switch (input.intent) {
    case "register": {
      const result = await registerEndpoint(request, orgId, actor.user.id, input);
      if (!result.ok) {
        if (result.reason === "bad-url") return fieldError("url", result.message, formData);
        if (result.reason === "too-many") return fieldError("url", `An organisation can have ${MAX_ENDPOINTS} endpoints. Delete one you no longer use first`, formData);
        return refused(result.reason);
      }
      // The secret is in this answer only: never in a URL, never cached, never shown again.
      return json({ created: { url: input.url, secret: result.secret } }, { headers: { "Cache-Control": "no-store" } });
    }
    case "disable":
    case "enable": {
      const result = await setEndpointEnabled(request, orgId, actor.user.id, input.endpointId, input.intent === "enable");
      if (!result.ok) return refused(result.reason);
      return back(input.intent === "enable" ? "webhook-enabled" : "webhook-disabled");
    }
    case "delete": {
      const result = await deleteEndpoint(request, orgId, actor.user.id, input.endpointId);
      if (!result.ok) return refused(result.reason);
      return back("webhook-deleted");
    }
    case "test": {
      const result = await sendTestEvent(request, orgId, actor.user.id, input.endpointId);
      if (!result.ok) return refused(result.reason);
      return back("webhook-test-queued");
    }
  }
}

function refused(reason: AdminRefusal["reason"]): never {
  return refuseAdminOnly(reason, ADMINS_ONLY);
}

const EVENT_OPTIONS = WEBHOOK_EVENTS.map((e) => ({ value: e, label: WEBHOOK_EVENT_LABELS[e].label, hint: WEBHOOK_EVENT_LABELS[e].hint }));
const eventWords = (e: string) => (e === TEST_EVENT ? "Test event" : WEBHOOK_EVENT_LABELS[e as WebhookEvent]?.label ?? e);
const STATUS_COLOUR = { pending: "blue", delivered: "green", failed: "red" } as const;

export default function Webhooks() {
  const { org, endpoints, deliveries } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = useFormErrors(data && "errors" in data ? data : undefined);
  const created = data && "created" in data ? data.created : null;
  const formKey = useAddFormKey(created?.secret);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <OrgPageHeading org={org} title="Webhooks" errors={errors} />
        {created ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h2 className="govuk-panel__title">Endpoint registered</h2>
            <div className="govuk-panel__body">
              Signing secret for {created.url}:<br />
              <code className="app-break" data-testid="new-secret">{created.secret}</code>
            </div>
          </div>
        ) : null}
        {created ? (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Copy the secret now: it is shown only once. Your system uses it to check that each event came from us. Lost it? Delete the endpoint and register it again.
            </strong>
          </div>
        ) : null}
        <p className="govuk-body">
          A webhook tells another system of {org.name}&apos;s when something happens, by sending a signed <code>POST</code> of JSON to an
          address you choose. Each request carries the headers <code>Webhook-Id</code>, <code>Webhook-Timestamp</code> and <code>Webhook-Signature</code>,
          as the Standard Webhooks specification describes. An event that cannot be delivered is tried again, less and less often, for about 15 hours.
        </p>
        <Table caption="Endpoints" captionClass="m" rows={endpoints} rowKey={(e) => e.id} empty="No endpoints yet." columns={[
          { header: "Address", cell: (e) => <span className="app-break">{e.url}</span> },
          { header: "Events", cell: (e) => <ul className="govuk-list">{e.events.map((ev) => <li key={ev}>{eventWords(ev)}</li>)}</ul> },
          { header: "Registered", cell: (e) => <>{formatDate(e.created_at)}{e.created_by_name ? ` by ${e.created_by_name}` : ""}</> },
          { header: "Status", cell: (e) => (e.enabled ? <Tag label="On" colour="green" /> : <Tag label="Off" colour="grey" />) },
          { header: <span className="govuk-visually-hidden">Actions</span>, cell: (e) => (
            <Form method="post" className="app-inline-form">
              <input type="hidden" name="endpointId" value={e.id} />
              <Button name="intent" value="test" variant="secondary" className="govuk-!-margin-bottom-1">
                Send a test event<span className="govuk-visually-hidden"> to {e.url}</span>
              </Button>{" "}
              <Button name="intent" value={e.enabled ? "disable" : "enable"} variant="secondary" className="govuk-!-margin-bottom-1">
                {e.enabled ? "Turn off" : "Turn on"}<span className="govuk-visually-hidden"> {e.url}</span>
              </Button>{" "}
              <Button name="intent" value="delete" variant="warning" className="govuk-!-margin-bottom-1">
                Delete<span className="govuk-visually-hidden"> {e.url}</span>
              </Button>
            </Form>
          ) },
        ]} />

        <Table caption="Recent deliveries" captionClass="m" rows={deliveries} rowKey={(d) => d.id} empty="Nothing has been sent yet." columns={[
          { header: "Event", cell: (d) => <>{eventWords(d.event)}<br /><span className="govuk-hint app-break">{d.url}</span></> },
          { header: "Made", cell: (d) => formatDateTime(d.created_at) },
          { header: "Outcome", cell: (d) => (
            <>
              <Tag label={DELIVERY_STATUS_LABELS[d.status]} colour={STATUS_COLOUR[d.status]} />
              {d.last_status_code ? <> Answer {d.last_status_code}</> : null}
              {d.status !== "delivered" && d.last_error ? <><br /><span className="govuk-hint">{d.last_error}</span></> : null}
            </>
          ) },
          { header: "Attempts", numeric: true, cell: (d) => d.attempts },
          { header: "Next try", cell: (d) => (d.status === "pending" ? formatDateTime(d.next_attempt_at) : d.delivered_at ? `Delivered ${formatDateTime(d.delivered_at)}` : "None") },
        ]} />

        <h2 className="govuk-heading-m">Register an endpoint</h2>
        <Form method="post" noValidate key={formKey}>
          <input type="hidden" name="intent" value="register" />
          <TextInput name="url" label="Address" hint="It must start with https:// and be reachable from the internet, like https://example.org/webhooks" errors={errors} type="url" spellCheck={false} />
          <Choices type="checkbox" name="events" label="Which events should it receive?" options={EVENT_OPTIONS} errors={errors} />
          <Button>Register endpoint</Button>
        </Form>
      </div>
    </div>
  );
}
