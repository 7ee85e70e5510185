// A proposal's panel discussion and consensus report (decision 025): only the judges on its panel open it
// (anyone else: 404); a judge reads and writes the discussion once their own review is submitted; the
// rapporteur the owner chose writes the report. Blind challenges: every text here has been blinded.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Textarea } from "~/components/fields";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { SummaryList } from "~/components/summary-list";
import { Tag } from "~/components/tag";
import { formatDateTime } from "~/lib/dates";
import { TEXT_LIMITS } from "~/lib/field-limits";
import { requireActor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData, toFormErrors } from "~/server/forms.server";
import { badRequest, notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { consensusForPanel, consensusFormSchema, saveConsensusReport } from "~/server/judging/consensus.server";
import { messageSchema, postPanelMessage, readPanel } from "~/server/judging/panel-discussion.server";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction = () => [{ title: "Panel discussion – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const proposalId = requireId(params.proposalId);
  const panel = await readPanel({ proposalId, userId: actor.user.id });
  // Not on this proposal's panel (unassigned, recused or conflicted): as if it did not exist.
  if (!panel) notFound();
  const consensus = panel.seat.submitted ? await consensusForPanel(proposalId, panel.seat, panel.clean) : null;
  return json({
    proposal: panel.proposal, panel: panel.panel, messages: panel.messages, consensus,
    me: { reviewId: panel.seat.reviewId, submitted: panel.seat.submitted },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const proposalId = requireId(params.proposalId);
  const ref = { proposalId, userId: actor.user.id };
  const form = await readFormData(request);
  const back = (notice: string) => redirect(`/judging/proposals/${proposalId}/panel?notice=${notice}`);
  switch (form.get("intent")) {
    case "message": {
      const parsed = parseFormData(form, messageSchema);
      if (!parsed.ok) return invalid(parsed.errors);
      return withRuleErrors(async () => {
        await postPanelMessage(request, ref, parsed.value.body);
        return back("panel-message-posted");
      }, { values: formValues(form) });
    }
    case "save":
    case "submit": {
      const parsed = parseFormData(form, consensusFormSchema);
      if (!parsed.ok) return invalid(parsed.errors);
      return withRuleErrors(async () => {
        const saved = await saveConsensusReport(request, ref, parsed.value);
        if (saved.result === "incomplete") return invalid(toFormErrors(saved.missing, formValues(form)));
        return back(saved.result === "submitted" ? "consensus-submitted" : "consensus-saved");
      }, { values: formValues(form), field: "summary" });
    }
    default:
      badRequest("Unknown action");
  }
}

const SCORE_OPTIONS = [0, 1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

export default function PanelPage() {
  const { proposal, panel, messages, consensus, me } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <Link to={`/judging/reviews/${me.reviewId}`} className="govuk-back-link">Back to your review</Link>
        <span className="govuk-caption-l">{proposal.challengeTitle}</span>
        <h1 className="govuk-heading-l">Panel discussion: {proposal.title}</h1>
        {proposal.blind ? <div className="govuk-inset-text">Blind review: details that identify the applicant are removed here too.</div> : null}
        <p className="govuk-body">
          Only the judges on this proposal&apos;s panel read this page. The applicant never sees the discussion; they read the consensus
          report&apos;s scores and summary, without names, when feedback is released. The challenge owner sees the report, not the discussion.
        </p>
        <h2 className="govuk-heading-m">The panel</h2>
        <ul className="govuk-list">
          {panel.map((j) => (
            <li key={j.judgeId}>{j.name}{j.me ? " (you)" : ""} <Tag label={j.submitted ? "Review submitted" : "Review not submitted"} colour={j.submitted ? "green" : "grey"} /></li>
          ))}
        </ul>

        {!me.submitted ? (
          <div className="govuk-inset-text">
            Submit <Link className="govuk-link" to={`/judging/reviews/${me.reviewId}`}>your own review</Link> first. Then you can read the panel&apos;s
            discussion and join it, so that every judge&apos;s first assessment stays their own.
          </div>
        ) : (
          <>
            <h2 className="govuk-heading-m">Discussion</h2>
            {messages.length === 0 ? <p className="govuk-body">No one has written yet.</p> : (
              <ol className="govuk-list">
                {messages.map((m) => (
                  <li key={m.id} className="govuk-inset-text">
                    <p className="govuk-body-s govuk-!-margin-bottom-1"><strong>{m.author}{m.mine ? " (you)" : ""}</strong>, {formatDateTime(m.createdAt)}</p>
                    <p className="govuk-body govuk-!-margin-bottom-0 app-pre-line">{m.body}</p>
                  </li>
                ))}
              </ol>
            )}
            <Form method="post" noValidate>
              <Textarea name="body" label="Add to the discussion" rows={4} errors={errors} maxLength={TEXT_LIMITS.panel.message} />
              <Button name="intent" value="message" variant="secondary">Post message</Button>
            </Form>
            <Consensus consensus={consensus} errors={errors} />
          </>
        )}
      </div>
    </div>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function Consensus({ consensus, errors }: { consensus: LoaderData["consensus"]; errors: ReturnType<typeof useFormErrors> }) {
  if (!consensus) {
    return (
      <>
        <h2 className="govuk-heading-m">Consensus report</h2>
        <p className="govuk-body">The challenge owner has not chosen a rapporteur yet.</p>
      </>
    );
  }
  const submitted = consensus.status === "submitted";
  if (submitted || !consensus.isRapporteur) {
    return (
      <>
        <h2 className="govuk-heading-m">Consensus report</h2>
        <p className="govuk-body">
          Rapporteur: {consensus.rapporteur}. {submitted ? `Submitted ${formatDateTime(consensus.submittedAt)}.` : "Not submitted yet."}
        </p>
        {submitted ? (
          <SummaryList rows={[
            ...consensus.criteria.map((c) => ({ key: `${c.name} (${c.weight}%)`, value: <>{c.score} out of 5{c.comment ? <><br />{c.comment}</> : null}</> })),
            { key: "Summary", value: <span className="app-pre-line">{consensus.summary}</span> },
          ]} />
        ) : null}
      </>
    );
  }
  return (
    <>
      <h2 className="govuk-heading-m">Consensus report</h2>
      <p className="govuk-body">
        You are the rapporteur. When the panel agrees, record a score for each criterion and a summary. The applicant will read them,
        without your name. Once submitted, the report is final, and the ranking uses it.
      </p>
      <Form method="post" noValidate>
        {consensus.criteria.map((c) => (
          <div key={c.id} className="govuk-!-margin-bottom-6">
            <Choices type="radio" inline small name={`scores.${c.id}.score`} errors={errors}
              label={`${c.name} (${c.weight}%)`} hint={c.threshold !== null ? `${c.description ? `${c.description}. ` : ""}Minimum ${c.threshold}` : c.description || undefined}
              defaultValue={c.score === null ? null : String(c.score)} options={SCORE_OPTIONS} />
            <Textarea name={`scores.${c.id}.comment`} label={`The panel's comment on ${c.name} (optional)`} rows={2} errors={errors} defaultValue={c.comment} maxLength={TEXT_LIMITS.panel.consensusComment} />
          </div>
        ))}
        <Textarea name="summary" label="Summary" hint="The panel's agreed view of the proposal's strengths and weaknesses" errors={errors}
          defaultValue={consensus.summary} maxLength={TEXT_LIMITS.panel.consensusSummary} />
        <div className="govuk-button-group">
          <Button name="intent" value="submit">Submit consensus report</Button>
          <Button name="intent" value="save" variant="secondary">Save draft</Button>
        </div>
      </Form>
    </>
  );
}
