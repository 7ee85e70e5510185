import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Textarea } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { SummaryList } from "~/components/summary-list";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { optionalText } from "~/lib/validation";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { chooseRapporteur, consensusForManager, rapporteurSchema } from "~/server/judging/consensus.server";
import { screenProposal } from "~/server/judging/screening.server";
import { withRuleErrors } from "~/server/rule-error.server";
import { AttachmentList } from "~/components/attachments";
import { ProposalDetails } from "~/components/proposal-view";
import { Tag } from "~/components/tag";
import { formatDateTime } from "~/lib/dates";
import { proposalStatusTag } from "~/lib/proposal-status";
import { listProposalAttachments } from "~/server/attachments/attachments.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { readProposalAsManager } from "~/server/proposals/queries.server";
import { threadSummary } from "~/server/messages/queries.server";
import { MessagesLink } from "~/components/messages-link";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.title ?? "Proposal"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const proposal = await readProposalAsManager(request, actor, challenge, requireId(params.proposalId));
  // Before the deadline, or for a draft, this is "not found": the owner must not learn it exists.
  if (!proposal) notFound();
  const attachments = (await listProposalAttachments([proposal.id]))[proposal.id] ?? [];
  // The programme office reads the proposal but is not a party to its messages: no link for it.
  const [consensus, messages] = await Promise.all([consensusForManager(challenge.id, proposal.id), threadSummary(actor, proposal.id)]);
  return json({ proposal, attachments, consensus, messages });
}

/**
 * Two forms: screening (intent "screen", decision 028), and the owner (or the programme office) choosing the
 * rapporteur of the proposal's consensus report (decision 025).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const proposalId = requireId(params.proposalId);
  const form = await readFormData(request);
  if (form.get("intent") === "screen") {
    const screening = parseFormData(form, screeningSchema);
    if (!screening.ok) return invalid(screening.errors);
    return withRuleErrors(async () => {
      if (!(await screenProposal(request, { userId: actor.user.id, challengeId: challenge.id, orgId: challenge.org_id }, { proposalId, ...screening.value }))) notFound();
      return redirect(`/my/challenges/${challenge.id}/proposals/${proposalId}?notice=proposal-screened#screening`);
    }, { values: formValues(form) });
  }
  const parsed = parseFormData(form, rapporteurSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  return withRuleErrors(async () => {
    await chooseRapporteur(request, { challengeId: challenge.id, orgId: challenge.org_id }, proposalId, parsed.value.rapporteur, actor.user.id);
    return redirect(`/my/challenges/${challenge.id}/proposals/${proposalId}?notice=rapporteur-chosen#consensus`);
  }, { values: formValues(form), field: "rapporteur" });
}

/** Screening (decision 028): eligible, or ineligible with the reason the applicant reads. */
const screeningSchema = z.object({
  eligibility: z.enum(["eligible", "ineligible"], { error: "Select whether the proposal is eligible" }),
  reason: optionalText("the reason", TEXT_LIMITS.screening.reason),
});

const SCREENING: Record<string, string> = {
  unscreened: "Not screened yet. Unscreened proposals are judged; mark one ineligible to keep it from the judges.",
  eligible: "Eligible: it goes forward to the judges.",
  ineligible: "Not eligible: it is not given to any judge.",
};

export default function OwnerProposal() {
  const { proposal: p, attachments, consensus, messages } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <Link to={`/my/challenges/${p.challenge_id}`} className="govuk-back-link">Back to {p.challenge_title}</Link>
        <span className="govuk-caption-l">Proposal from {p.org_name}</span>
        <h1 className="govuk-heading-l">{p.title}</h1>
        <p className="govuk-body"><Tag {...proposalStatusTag(p.status)} /> Submitted {formatDateTime(p.submitted_at)}</p>
        {messages ? <MessagesLink proposalId={p.id} summary={messages} /> : null}
        <ProposalDetails proposal={p} />
        <h2 className="govuk-heading-m" id="screening">Eligibility</h2>
        <p className="govuk-body">{SCREENING[p.eligibility]}</p>
        {p.eligibility === "ineligible" ? <p className="govuk-body app-wrap">Reason given to the applicant: {p.eligibility_reason}</p> : null}
        {p.status === "submitted" || p.status === "under_review" ? <Form method="post" noValidate>
          <input type="hidden" name="intent" value="screen" />
          <Choices type="radio" name="eligibility" label="Is this proposal eligible?" errors={errors}
            defaultValue={p.eligibility === "unscreened" ? undefined : p.eligibility}
            options={[{ value: "eligible", label: "Yes, it is eligible" }, { value: "ineligible", label: "No, it is not eligible" }]} />
          <Textarea name="reason" label="If it is not eligible, why not?" hint="The applicant reads this. Say which rule of the challenge it does not meet."
            rows={3} maxLength={TEXT_LIMITS.screening.reason} defaultValue={p.eligibility_reason} errors={errors} />
          <Button variant="secondary">Save eligibility</Button>
        </Form> : null}
        <h2 className="govuk-heading-m">Attachments</h2>
        <AttachmentList items={attachments} caption="Files attached to this proposal" />
        <p className="govuk-body">
          <a className="govuk-link" href={`/my/challenges/${p.challenge_id}/proposals/${p.id}/pack.pdf`} download>Download this proposal as a PDF</a> (its text, answers, scores and a list of its files).
        </p>
        <ConsensusSection consensus={consensus} errors={errors} />
      </div>
    </div>
  );
}

type Consensus = ReturnType<typeof useLoaderData<typeof loader>>["consensus"];

/**
 * The panel and its consensus report. The owner chooses the rapporteur and reads the report; the discussion
 * itself stays the panel's (decision 025): the owner sees only how many messages it has.
 */
function ConsensusSection({ consensus: c, errors }: { consensus: Consensus; errors: ReturnType<typeof useFormErrors> }) {
  const submitted = c.report?.status === "submitted";
  return (
    <section aria-labelledby="consensus">
      <h2 className="govuk-heading-m" id="consensus">Panel and consensus report</h2>
      {c.panel.length === 0 ? <p className="govuk-body">No judge is reviewing this proposal yet.</p> : (
        <p className="govuk-body">
          The panel: {c.panel.map((j) => `${j.name} (${j.submitted ? "review submitted" : "review not submitted"})`).join(", ")}.
          Their discussion has {c.messageCount === 1 ? "1 message" : `${c.messageCount} messages`}, which only they read.
        </p>
      )}
      {submitted && c.report ? (
        <>
          <p className="govuk-body">Written by {c.report.rapporteur}, submitted {formatDateTime(c.report.submittedAt)}. The ranking and the applicant&apos;s feedback use it.</p>
          <SummaryList rows={[
            ...c.report.criteria.map((k) => ({ key: `${k.name} (${k.weight}%)`, value: <>{k.score} out of 5{k.comment ? <><br />{k.comment}</> : null}</> })),
            { key: "Summary", value: <span className="app-pre-line">{c.report.summary}</span> },
          ]} />
        </>
      ) : c.panel.length ? (
        <>
          {c.report ? (
            <p className="govuk-body">
              {c.report.stale ? `${c.report.rapporteur} is no longer on the panel: choose another rapporteur.` : `${c.report.rapporteur} is the rapporteur; the report is not submitted yet.`}
            </p>
          ) : <p className="govuk-body">Choose one of the panel to write the consensus report once the panel has discussed the proposal.</p>}
          <Form method="post" noValidate>
            <Choices type="radio" name="rapporteur" label="Rapporteur" errors={errors}
              defaultValue={c.report && !c.report.stale ? c.report.rapporteurJudgeId : null}
              options={c.panel.map((j) => ({ value: j.judgeId, label: j.name }))} />
            <Button variant="secondary">{c.report ? "Change rapporteur" : "Choose rapporteur"}</Button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
