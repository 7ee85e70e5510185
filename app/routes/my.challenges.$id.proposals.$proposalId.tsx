import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Choices } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { SummaryList } from "~/components/summary-list";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { chooseRapporteur, consensusForManager, rapporteurSchema } from "~/server/judging/consensus.server";
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.title ?? "Proposal"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const proposal = await readProposalAsManager(request, actor, challenge, requireId(params.proposalId));
  // Before the deadline, or for a draft, this is "not found": the owner must not learn it exists.
  if (!proposal) notFound();
  const attachments = (await listProposalAttachments([proposal.id]))[proposal.id] ?? [];
  return json({ proposal, attachments, consensus: await consensusForManager(challenge.id, proposal.id) });
}

/** The owner (or the programme office) chooses the rapporteur of the proposal's consensus report. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const proposalId = requireId(params.proposalId);
  const form = await readFormData(request);
  const parsed = parseFormData(form, rapporteurSchema);
  if (!parsed.ok) return invalid(parsed.errors);
  return withRuleErrors(async () => {
    await chooseRapporteur(request, { challengeId: challenge.id, orgId: challenge.org_id }, proposalId, parsed.value.rapporteur, actor.user.id);
    return redirect(`/my/challenges/${challenge.id}/proposals/${proposalId}?notice=rapporteur-chosen#consensus`);
  }, { values: formValues(form), field: "rapporteur" });
}

export default function OwnerProposal() {
  const { proposal: p, attachments, consensus } = useLoaderData<typeof loader>();
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
        <ProposalDetails proposal={p} />
        <h2 className="govuk-heading-m">Attachments</h2>
        <AttachmentList items={attachments} caption="Files attached to this proposal" />
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
