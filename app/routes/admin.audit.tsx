import { counted } from "~/lib/words";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Select, TextInput } from "~/components/fields";
import { AUDIT_ACTIONS, auditActionLabel } from "~/lib/audit-actions";
import { formatDateTime } from "~/lib/dates";
import { auditSearchSchema, searchAuditEvents, type AuditSearch } from "~/server/audit-search.server";
import { requireAdmin } from "~/server/auth.server";
import { invalid, parseForm } from "~/server/forms.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Audit trail – Civic Innovation Challenge" }];

// The search is a POST form: filters can hold an email address, and personal data stays out of URLs
// (and so out of logs, history and Referer headers).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const filters: AuditSearch = { page: 1 };
  return json({ filters, result: await searchAuditEvents(filters) });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const parsed = await parseForm(request, auditSearchSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  return json({ filters: parsed.value, result: await searchAuditEvents(parsed.value) });
}

const ACTION_OPTIONS = [{ value: "", label: "Any action" }, ...Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))];

function describe(detail: Record<string, unknown>): string {
  return Object.entries(detail).map(([k, v]) => `${k}: ${String(v)}`).join(", ");
}

export default function AdminAudit() {
  const loaded = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data && "errors" in data ? data.errors : null;
  const { filters, result } = data && "result" in data ? data : loaded;
  return (
    <>
      <Link to="/admin" className="govuk-back-link">Back to programme administration</Link>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Audit trail</h1>
      <p className="govuk-body">
        Every sign-in, failed sign-in, refusal, change, view of a proposal by someone other than its applicant and
        export, newest first. The trail cannot be changed or deleted, by this service or by anyone with its database
        credentials.
      </p>
      <Form method="post" noValidate className="app-filters">
        <Select name="action" label="Action" options={ACTION_OPTIONS} defaultValue={filters.action ?? ""} errors={errors} />
        <TextInput name="who" label="Who" hint="Part of a name or email address" defaultValue={filters.who ?? ""} errors={errors} spellCheck={false} />
        <TextInput name="subject" label="Record id" hint="The id of a challenge, proposal, review, pilot or file" defaultValue={filters.subject ?? ""} errors={errors} spellCheck={false} />
        <TextInput name="ip" label="IP address" defaultValue={filters.ip ?? ""} errors={errors} width="20" spellCheck={false} />
        <TextInput name="from" label="From" hint="For example, 2026-11-01" defaultValue={filters.from ?? ""} errors={errors} width="10" />
        <TextInput name="to" label="To" hint="For example, 2026-11-30" defaultValue={filters.to ?? ""} errors={errors} width="10" />
        <Button name="page" value="1">Search</Button>
        {errors ? null : (
          <>
            <p className="govuk-body">{counted(result.total, "event")}{result.pageCount > 1 ? `, page ${filters.page} of ${result.pageCount}` : ""}</p>
            {result.events.length === 0 ? <p className="govuk-body">No events match.</p> : (
              <Table caption="Audit events, newest first" rows={result.events} rowKey={(e) => e.id} columns={[
                { header: "When", cell: (e) => formatDateTime(e.at) },
                { header: "Who", className: "app-break", cell: (e) => <>
                  {e.actor_name ?? "Visitor"}{e.actor_email ? <><br /><span className="govuk-body-s">{e.actor_email}</span></> : null}
                  {e.actor_org ? <><br /><span className="govuk-body-s">for {e.actor_org}</span></> : null}
                </> },
                { header: "What", className: "app-break", cell: (e) => <>
                  {auditActionLabel(e.action)}
                  {e.subject_type ? <><br /><span className="govuk-body-s">{e.subject_type} {e.subject_id}</span></> : null}
                  {Object.keys(e.detail).length ? <><br /><span className="govuk-body-s">{describe(e.detail)}</span></> : null}
                </> },
                { header: "From where", className: "app-break", cell: (e) => <>{e.ip || "unknown"}<br /><span className="govuk-body-s">{e.method} {e.path}</span></> },
              ]} />
            )}
            {result.pageCount > 1 ? (
              <div className="govuk-button-group">
                {filters.page > 1 ? <Button name="page" value={filters.page - 1} variant="secondary">Previous page</Button> : null}
                {filters.page < result.pageCount ? <Button name="page" value={filters.page + 1} variant="secondary">Next page</Button> : null}
              </div>
            ) : null}
          </>
        )}
      </Form>
    </>
  );
}
