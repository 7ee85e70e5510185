import { useAddFormKey } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { Tag } from "~/components/tag";
import { formatDate } from "~/lib/dates";
import { invalid, parseForm } from "~/server/forms.server";
import { requireId } from "~/server/ids.server";
import { INVITATION_DAYS } from "~/lib/judge-invitations";
import { createInvitation, inviteSchema, listInvitations } from "~/server/judging/invitations.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { listPanel } from "~/server/judging/panel.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Judges – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  const [panel, invitations] = await Promise.all([listPanel(challenge.id), listInvitations(challenge.id)]);
  return json({
    challenge: { id: challenge.id, title: challenge.title },
    panel: panel.map((j) => ({ ...j, conflicts: Number(j.conflicts), assigned: Number(j.assigned), submitted: Number(j.submitted) })),
    invitations,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const parsed = await parseForm(request, inviteSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  // Emailed to the judge and shown once to the inviter; only the token's hash is kept on the invitation.
  const { link } = await createInvitation({ challengeId: challenge.id, email: parsed.value.email, invitedBy: actor.user.id });
  return json({ invited: { email: parsed.value.email, link }, errors: null });
}

export default function Judges() {
  const { challenge, panel, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : null;
  const invited = result && "invited" in result ? result.invited : null;
  const addFormKey = useAddFormKey(invited?.link);
  return (
    <>
      <ErrorSummary errors={errors} />
      <Link to={`/my/challenges/${challenge.id}`} className="govuk-back-link">Back to {challenge.title}</Link>
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Judges</h1>
      {invited ? (
        <div className="govuk-panel govuk-panel--confirmation govuk-!-text-align-left">
          <h2 className="govuk-panel__title govuk-!-font-size-27">Invitation created for {invited.email}</h2>
          <div className="govuk-panel__body govuk-!-font-size-19">
            We have emailed them this link (or it waits under Admin › Notifications when no mail server is set up). It works once and expires in {INVITATION_DAYS} days:<br />
            <code className="app-break">{invited.link}</code>
          </div>
        </div>
      ) : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Invite a judge</h2>
          <Form method="post" noValidate key={addFormKey}>
            <TextInput name="email" label="Judge's email address" type="email" errors={errors} spellCheck={false} />
            <Button>Create invitation</Button>
          </Form>
        </div>
      </div>
      <h2 className="govuk-heading-m">Panel</h2>
      {panel.length === 0 ? <p className="govuk-body">No judges have joined yet.</p> : (
        <Table caption="Judges on the panel" rows={panel} rowKey={(j) => j.id} columns={[
          { header: "Judge", cell: (j) => <>{j.name}<br /><span className="govuk-body-s">{j.email}</span></> },
          { header: "Expertise", cell: (j) => [...j.theme_names, ...j.tags].join(", ") || "Not given yet" },
          { header: "Capacity", numeric: true, cell: (j) => j.capacity },
          { header: "Assigned", numeric: true, cell: (j) => j.assigned },
          { header: "Submitted", numeric: true, cell: (j) => j.submitted },
          { header: "Conflicts", numeric: true, cell: (j) => j.conflicts },
        ]} />
      )}
      <h2 className="govuk-heading-m">Invitations</h2>
      {invitations.length === 0 ? <p className="govuk-body">No invitations yet.</p> : (
        <Table caption="Invitations sent" rows={invitations} rowKey={(i) => i.id} columns={[
          { header: "Email", cell: (i) => i.email },
          { header: "Status", cell: (i) => i.used_at ? <Tag label="Accepted" colour="green" /> : new Date(i.expires_at) < new Date() ? <Tag label="Expired" colour="grey" /> : <Tag label="Waiting" colour="blue" /> },
          { header: "Expires", cell: (i) => formatDate(i.expires_at) },
        ]} />
      )}
    </>
  );
}
