// Check your answers before submitting a proposal: every saved answer, by section, with a link to change
// it on the proposal's page; the answers a submission still needs, as errors linking to their fields; and
// the Submit button, which submits what is saved (submitProposal checks the same rules again).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary } from "~/components/error-summary";
import { useFormErrors } from "~/components/form-errors";
import { SummaryList } from "~/components/summary-list";
import { formatDateTime, formatMoney } from "~/lib/dates";
import { fieldId, type FormErrors } from "~/lib/form-errors";
import { TRL_LEVELS } from "~/lib/proposal-status";
import { listProposalAttachments } from "~/server/attachments/attachments.server";
import { invalid, readFormData, toFormErrors } from "~/server/forms.server";
import { badRequest, notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requirePermission } from "~/server/permissions.server";
import { submitProposal } from "~/server/proposals/commands.server";
import { missingForSubmission } from "~/server/proposals/proposal-form";
import { getOwnProposal, ownsProposal } from "~/server/proposals/queries.server";
import { listInKindTypes } from "~/server/sponsorship/sponsorships.server";
import { withRuleErrors } from "~/server/rule-error.server";
import { Button } from "~/components/button";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Check your answers: ${data?.proposal.title ?? "proposal"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "update:proposal:own");
  const proposal = await getOwnProposal({ id: requireId(params.id), orgId: actor.org.orgId });
  if (!proposal) notFound();
  // Only a proposal that can still be submitted is checked here; any other is read on its own page.
  if (!["draft", "withdrawn"].includes(proposal.status) || proposal.challenge_status !== "open") throw redirect(`/my/proposals/${proposal.id}`);
  const [attachments, inKind] = await Promise.all([listProposalAttachments([proposal.id]), listInKindTypes()]);
  const missing = missingForSubmission(proposal, proposal.questions, Object.fromEntries(proposal.questions.map((q) => [q.id, q.answer])));
  return json({ proposal, attachments: attachments[proposal.id] ?? [], inKind, missing });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "update:proposal:own");
  const ref = { id: requireId(params.id), orgId: actor.org.orgId };
  if (!(await ownsProposal(ref))) notFound();
  const form = await readFormData(request);
  if (form.get("intent") !== "submit") badRequest("Unknown action");
  return withRuleErrors(async () => {
    const submitted = await submitProposal(request, ref);
    if (submitted.result === "not-found") notFound();
    if (submitted.result === "incomplete") return invalid(toFormErrors(submitted.missing, {}));
    return redirect(`/my/proposals/${ref.id}/submitted`);
  }, {});
}

export default function CheckProposal() {
  const { proposal: p, attachments, inKind, missing } = useLoaderData<typeof loader>();
  const actionErrors = useFormErrors(useActionData<typeof action>());
  const page = `/my/proposals/${p.id}`;
  const change = (field: string) => `${page}#${fieldId(field)}`;
  // Each gap links to its field on the proposal's page, where it is answered.
  const gaps = { ...missing, ...actionErrors?.fields };
  const errors: FormErrors | null = Object.keys(gaps).length
    ? { ...toSummary(gaps, (name) => (name === "form" ? "#submit" : change(name))), fields: gaps, values: {} }
    : null;
  const row = (key: string, field: string, value: ReactNode) => ({ key, value, href: change(field), error: gaps[field], id: `check-${fieldId(field)}` });
  const needs = p.needs.map((slug) => inKind.find((k) => k.slug === slug)?.name ?? slug);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={page} className="govuk-back-link">Back to your proposal</Link>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">Proposal to {p.challenge_title}</span>
        <h1 className="govuk-heading-l">Check your answers before submitting your proposal</h1>

        <h2 className="govuk-heading-m">Describe your proposal</h2>
        <SummaryList answers rows={[row("Title", "title", p.title), row("Summary", "summary", p.summary)]} />
        <h2 className="govuk-heading-m">Your approach</h2>
        <SummaryList answers rows={[row("Approach", "approach", p.approach)]} />
        <h2 className="govuk-heading-m">Expected impact</h2>
        <SummaryList answers rows={[row("Expected impact", "expectedImpact", p.expected_impact)]} />
        <h2 className="govuk-heading-m">Your team</h2>
        <SummaryList answers rows={[row("Team", "team", p.team)]} />
        <h2 className="govuk-heading-m">Funding and readiness</h2>
        <SummaryList answers rows={[
          row("Requested budget", "requestedGbp", formatMoney(p.requested_gbp)),
          row("Technology readiness level", "trl", p.trl === null ? "" : TRL_LEVELS[p.trl - 1]),
          row("Support you need besides money", "needs", needs.length ? needs.join(", ") : "None"),
          row("Tags", "tags", p.tags.length ? p.tags.join(", ") : "None"),
        ]} />
        {p.questions.length ? (
          <>
            <h2 className="govuk-heading-m">Eligibility questions</h2>
            <SummaryList answers rows={[
              ...p.questions.filter((q) => q.options).map((q) => row(q.question, `answers.${q.id}`, q.answer)),
              ...p.questions.filter((q) => !q.options).map((q, i) => row(`Question ${i + 1}: ${q.question}`, `answers.${q.id}`, q.answer)),
            ]} />
          </>
        ) : null}
        <h2 className="govuk-heading-m">Attachments</h2>
        <SummaryList answers rows={[{
          key: "Files", href: `${page}#attachments`,
          value: attachments.length ? <ul className="govuk-list">{attachments.map((a) => <li key={a.id}>{a.name}</li>)}</ul> : "None",
        }]} />

        <section aria-labelledby="submit-heading" id="submit">
          <h2 className="govuk-heading-m" id="submit-heading">Now submit your proposal</h2>
          {errors ? (
            <p className="govuk-body">Answer the questions marked above before you submit. Each link takes you to the question on your proposal&apos;s page.</p>
          ) : (
            <>
              <p className="govuk-body">
                By submitting this proposal you confirm that, to the best of your knowledge, the answers you are giving are correct.
                You can withdraw it, change it and submit it again until the deadline, {formatDateTime(p.closes_at)} (UK time).
              </p>
              <Form method="post">
                <Button name="intent" value="submit">Submit proposal</Button>
              </Form>
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function toSummary(fields: Record<string, string>, href: (name: string) => string) {
  return { summary: Object.entries(fields).map(([name, text]) => ({ text, href: href(name) })) };
}
