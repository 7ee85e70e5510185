import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { OrgPageHeading } from "~/components/org-page-heading";
import { formatDate } from "~/lib/dates";
import { isOrgAdmin, ORG_ROLE_LABEL } from "~/lib/org-roles";
import { requireActor } from "~/server/auth.server";
import { invalid, parseFormData, readFormData, toFormErrors } from "~/server/forms.server";
import { badRequest, forbidden, notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import {
  changeMembership, countAdmins, requireMemberOf, joinCodeOf, LAST_ADMIN_MESSAGE, listMembers, membershipActionSchema,
} from "~/server/organisations/membership.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Members of ${data?.org.name ?? "your organisation"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const membership = requireMemberOf(actor, requireId(params.id));
  const isAdmin = isOrgAdmin(membership.role);
  const [members, admins, code] = await Promise.all([
    listMembers(membership.orgId, { withEmails: isAdmin }),
    countAdmins(membership.orgId),
    isAdmin ? joinCodeOf(membership.orgId) : null,
  ]);
  return json({
    org: { id: membership.orgId, name: membership.name, joinCode: code },
    me: actor.user.id,
    isAdmin,
    lastAdmin: isAdmin && admins <= 1,
    members,
  });
}

const NOTICE = { removed: "member-removed", promoted: "member-role-changed", demoted: "member-role-changed", rotated: "join-code-rotated", unchanged: "member-role-changed" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  // Membership before the form: a stranger's malformed form gets the same 404 as a well-formed one.
  const orgId = requireMemberOf(actor, requireId(params.id)).orgId;
  const parsed = parseFormData(await readFormData(request), membershipActionSchema);
  if (!parsed.ok) badRequest("Choose what to do, and the member to do it to");
  const result = await changeMembership(request, orgId, actor.user.id, parsed.value);
  if (!result.ok) {
    if (result.reason === "not-member") notFound();
    if (result.reason === "not-admin") forbidden("Only the organisation's administrators can do this");
    return invalid(toFormErrors({ intent: LAST_ADMIN_MESSAGE }, {}));
  }
  if (result.change === "left") return redirect("/organisations?notice=org-left");
  return redirect(`/organisations/${orgId}/members?notice=${NOTICE[result.change]}`);
}

function MemberAction({ intent, userId, label, name, warning }: { intent: string; userId: string; label: string; name: string; warning?: boolean }) {
  return (
    <Form method="post" className="app-inline-form">
      <input type="hidden" name="userId" value={userId} />
      <Button name="intent" value={intent} variant={warning ? "warning" : "secondary"} className="govuk-!-margin-bottom-1 govuk-!-margin-right-1">
        {label}<span className="govuk-visually-hidden"> ({name})</span>
      </Button>
    </Form>
  );
}

export default function Members() {
  const { org, me, isAdmin, lastAdmin, members } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <OrgPageHeading org={org} title="Members" errors={errors} />
        <p className="govuk-body">
          Administrators add colleagues by sharing the joining code, remove members, choose who else is an administrator
          and replace the code. Everyone else can see who the members are, and leave.
        </p>
        <Table caption={<>Members of {org.name}</>} rows={members} rowKey={(m) => m.userId} columns={[
          { header: "Name", cell: (m) => <>{m.name}{m.userId === me ? " (you)" : ""}</> },
          isAdmin && { header: "Email", className: "app-break", cell: (m) => m.email },
          { header: "Role", cell: (m) => ORG_ROLE_LABEL[m.role] },
          { header: "Joined", cell: (m) => formatDate(m.joinedAt) },
          isAdmin && { header: <span className="govuk-visually-hidden">Actions</span>, cell: (m) => m.userId === me ? (
            lastAdmin ? null : <MemberAction intent="demote" userId={m.userId} name={m.name} label="Stop being an administrator" />
          ) : (
            <>
              {isOrgAdmin(m.role)
                ? <MemberAction intent="demote" userId={m.userId} name={m.name} label="Make a member" />
                : <MemberAction intent="promote" userId={m.userId} name={m.name} label="Make an administrator" />}
              <MemberAction intent="remove" userId={m.userId} name={m.name} label="Remove" warning />
            </>
          ) },
        ]} />

        {isAdmin ? (
          <>
            <h2 className="govuk-heading-m">Joining code</h2>
            <p className="govuk-body">Current code: <code>{org.joinCode}</code></p>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Anyone who has the code can join. Replace it when someone leaves or is removed: the current code stops working at once.
              </strong>
            </div>
            <Form method="post">
              <Button name="intent" value="rotate-code" variant="secondary">Replace the joining code</Button>
            </Form>
          </>
        ) : null}

        <h2 className="govuk-heading-m" id="intent">Leave {org.name}</h2>
        {lastAdmin ? (
          <div className="govuk-inset-text">
            You are the only administrator, so you cannot leave or stop being one. Make another member an administrator first.
          </div>
        ) : (
          <Form method="post">
            <p className="govuk-body">You will no longer act for {org.name} or see its proposals, feedback and pilots. To come back you will need its current joining code.</p>
            <Button name="intent" value="leave" variant="warning">Leave organisation</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
