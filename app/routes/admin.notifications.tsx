import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "~/components/tag";
import { formatDateTime } from "~/lib/dates";
import { notificationKindLabel } from "~/lib/notification-kinds";
import { requireAdmin } from "~/server/auth.server";
import { listRecentNotifications } from "~/server/notifications.server";

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
        <table className="govuk-table">
          <caption className="govuk-visually-hidden">Notifications, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">When</th>
              <th scope="col" className="govuk-table__header">To</th>
              <th scope="col" className="govuk-table__header">Kind</th>
              <th scope="col" className="govuk-table__header">Subject</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {notifications.map((n) => {
              const status = STATUS[n.status] ?? { label: n.status, colour: "grey" };
              return (
                <tr key={n.id} className="govuk-table__row">
                  <td className="govuk-table__cell">{formatDateTime(n.created_at)}</td>
                  <td className="govuk-table__cell app-break">{n.to_email}</td>
                  <td className="govuk-table__cell">{notificationKindLabel(n.kind)}</td>
                  <td className="govuk-table__cell">
                    <details className="govuk-details govuk-!-margin-bottom-0">
                      <summary className="govuk-details__summary">
                        <span className="govuk-details__summary-text">{n.subject}</span>
                      </summary>
                      <div className="govuk-details__text app-pre-line">{n.body}</div>
                    </details>
                  </td>
                  <td className="govuk-table__cell">
                    <Tag {...status} />
                    {n.sent_at ? <><br /><span className="govuk-body-s">{formatDateTime(n.sent_at)}</span></> : null}
                    {n.error ? <><br /><span className="govuk-body-s">{n.error}</span></> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
