import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { formatDateTime } from "~/lib/dates";
import { notificationKindLabel } from "~/lib/notification-kinds";
import { requireAdmin } from "~/server/auth.server";
import { listRecentNotifications } from "~/server/notifications.server";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Notifications – Civic Innovation Challenge" }];

const SHOWN = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ notifications: await listRecentNotifications(SHOWN) });
}

const STATUS: Record<string, { label: string; colour: string }> = {
  queued: { label: "Queued", colour: "blue" },
  sent: { label: "Sent", colour: "green" },
  stored: { label: "Stored, not sent", colour: "yellow" },
  failed: { label: "Failed", colour: "red" },
  held: { label: "Held for the daily digest", colour: "grey" },
  digested: { label: "Sent in a daily digest", colour: "turquoise" },
};

export default function AdminNotifications() {
  const { notifications } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to="/admin" className="govuk-back-link">Back to programme administration</Link>
      <h1 className="govuk-heading-l">Notifications</h1>
      <p className="govuk-body">
        The newest {SHOWN} emails the system has recorded. When no mail server is configured they are stored, not sent,
        and can be read here.
      </p>
      {notifications.length === 0 ? <p className="govuk-body">No notifications yet.</p> : (
        <Table caption="Notifications, newest first" rows={notifications} rowKey={(n) => n.id} columns={[
          { header: "When", cell: (n) => formatDateTime(n.created_at) },
          { header: "To", className: "app-break", cell: (n) => n.to_email },
          { header: "Kind", cell: (n) => notificationKindLabel(n.kind) },
          { header: "Subject", cell: (n) => (
            <details className="govuk-details govuk-!-margin-bottom-0">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">{n.subject}</span>
              </summary>
              <div className="govuk-details__text app-pre-line">{n.body}</div>
            </details>
          ) },
          { header: "Status", cell: (n) => <>
            <Tag {...(STATUS[n.status] ?? { label: n.status, colour: "grey" })} />
            {n.sent_at ? <><br /><span className="govuk-body-s">{formatDateTime(n.sent_at)}</span></> : null}
            {n.error ? <><br /><span className="govuk-body-s">{n.error}</span></> : null}
          </> },
        ]} />
      )}
    </>
  );
}
