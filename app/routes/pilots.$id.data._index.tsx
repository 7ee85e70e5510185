// A pilot's data-sharing register (decision 034): public once the plan is approved (a draft's register, like
// its page, only for the team and admins), approved versions only; the team also sees what waits for
// approval, and the public body approves it here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, ButtonLink } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { DeclarationSummary, EntryHistory, PersonalDataTag } from "~/components/register-entry";
import { Tag } from "~/components/tag";
import { FIELD_LABEL, VERSION_TAG } from "~/lib/register";
import { getActor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePilotRole, requireReadablePilot, teamRoleOf } from "~/server/pilots/access.server";
import { approveRegisterVersion } from "~/server/register/commands.server";
import { pilotRegisterPage } from "~/server/register/queries.server";
import { approveVersionSchema } from "~/server/register/register-form";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Data register: ${data?.pilot.title ?? "pilot"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const pilot = await requireReadablePilot(actor, requireId(params.id));
  const role = teamRoleOf(pilot, actor?.org?.orgId);
  const register = await pilotRegisterPage(pilot.id, role !== null);
  return json({ pilot: { id: pilot.id, title: pilot.title, status: pilot.status, publicBody: pilot.team.publicBody.name }, role, ...register });
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Team membership first (404 for outsiders, 403 for admins); the command lets only the public body approve.
  const cmd = await requirePilotRole(request, requireId(params.id));
  const formData = await readFormData(request);
  if (formData.get("intent") !== "approve") badRequest("Unknown action");
  return withRuleErrors(async () => {
    const parsed = parseFormData(formData, approveVersionSchema);
    if (!parsed.ok) return invalid(parsed.errors);
    await approveRegisterVersion(cmd, parsed.value);
    return redirect(`/pilots/${cmd.pilot.id}/data?notice=register-approved#entry-${parsed.value.entryId}`);
  }, { values: formValues(formData) });
}

export default function PilotDataRegister() {
  const { pilot, role, entries, dpiaGaps } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>()) ?? null;
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <Link to={`/pilots/${pilot.id}`} className="govuk-back-link">Back to the pilot</Link>
      <span className="govuk-caption-l">{pilot.title}</span>
      <h1 className="govuk-heading-xl">Data register</h1>
      <p className="govuk-body">
        The datasets this pilot uses or receives, what they are used for and on what legal basis, how long they are kept and who may
        access them. Each entry is approved by {pilot.publicBody}; a change after approval is published once it is approved, and every
        approved version stays in the entry&apos;s history. Organisations are named, never people.
      </p>
      <p className="govuk-body">
        The register of every pilot is at <Link className="govuk-link" to="/data-register">the programme&apos;s data register</Link>,
        also as open data (<a className="govuk-link" href="/open-data/register.csv">CSV</a>, <a className="govuk-link" href="/open-data/register.json">JSON</a>).
      </p>
      {role && dpiaGaps.length ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {pilot.status === "draft" ? "The plan cannot be approved, and the pilot cannot start, " : "These datasets cannot be approved "}
            until a data protection impact assessment (DPIA) is recorded for: {dpiaGaps.join(", ")}.
          </strong>
        </div>
      ) : null}
      {role && pilot.status !== "completed" ? <ButtonLink to={`/pilots/${pilot.id}/data/declare`}>Declare a dataset</ButtonLink> : null}
      {entries.length === 0 ? <p className="govuk-body">No datasets have been {role ? "declared" : "approved"} for this pilot yet.</p> : null}
      {entries.map((e) => {
        const shown = e.current ?? e.pending!;
        return (
          <section key={e.id} id={`entry-${e.id}`} aria-labelledby={`entry-${e.id}-heading`} className="govuk-!-margin-bottom-9">
            <h2 className="govuk-heading-l" id={`entry-${e.id}-heading`}>{shown.dataset}</h2>
            <p className="govuk-body">
              {e.current ? <Tag {...VERSION_TAG.approved} /> : <Tag {...VERSION_TAG.pending} />} <PersonalDataTag personalData={shown.personalData} />
            </p>
            {e.current ? <DeclarationSummary d={e.current} /> : <p className="govuk-body">Not public until {pilot.publicBody} approves it.</p>}
            {e.pending ? (
              <>
                <h3 className="govuk-heading-m">{e.current ? `Change waiting for approval (version ${e.pending.version})` : `Waiting for approval (version ${e.pending.version})`}</h3>
                {e.current ? <p className="govuk-body">Changes: {e.history.at(-1)!.changed.map((f) => FIELD_LABEL[f].toLowerCase()).join(", ")}.</p> : null}
                <DeclarationSummary d={e.pending} />
                {role === "public_body" ? (
                  <Form method="post" noValidate id={`approve-${e.id}`}>
                    {errors?.fields[`approve-${e.id}`] ? (
                      <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.fields[`approve-${e.id}`]}</p>
                    ) : null}
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="entryId" value={e.id} />
                    <input type="hidden" name="version" value={e.pending.version} />
                    <Button>Approve version {e.pending.version}<span className="govuk-visually-hidden"> of {e.pending.dataset}</span></Button>
                  </Form>
                ) : null}
              </>
            ) : null}
            {role && pilot.status !== "completed" ? (
              <p className="govuk-body">
                <Link className="govuk-link" to={`/pilots/${pilot.id}/data/declare?entry=${e.id}`}>Change this entry<span className="govuk-visually-hidden">: {shown.dataset}</span></Link>
              </p>
            ) : null}
            <EntryHistory dataset={shown.dataset} rows={e.history} approver={pilot.publicBody} />
          </section>
        );
      })}
    </>
  );
}
