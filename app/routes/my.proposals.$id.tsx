import { useFormErrors } from "~/components/form-errors";
import { PROPOSAL_MINIMUMS as MIN, PROPOSAL_TITLE_MAX, TEXT_LIMITS } from "~/lib/field-limits";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AttachmentList, FileUpload } from "~/components/attachments";
import { ErrorSummary } from "~/components/error-summary";
import { Choices, Select, Textarea, TextInput } from "~/components/fields";
import { Notice } from "~/components/notice";
import { ProposalDetails } from "~/components/proposal-view";
import { Tag } from "~/components/tag";
import { ATTACHMENT_HINT, MAX_ATTACHMENTS_PER_PROPOSAL } from "~/lib/attachments";
import { formatDateTime } from "~/lib/dates";
import { proposalStatusTag, TRL_LEVELS } from "~/lib/proposal-status";
import { formValues, invalid, parseFormData, readFormData, toFormErrors } from "~/server/forms.server";
import { notFound } from "~/server/http.server";
import { isUuid, requireId } from "~/server/ids.server";
import { requirePermission } from "~/server/permissions.server";
import { saveProposal, withdrawProposal } from "~/server/proposals/commands.server";
import { proposalFormSchema } from "~/server/proposals/proposal-form";
import { proposalTasks } from "~/server/proposals/proposal-tasks";
import { TaskList } from "~/components/task-list";
import { getOwnProposal, ownsProposal } from "~/server/proposals/queries.server";
import { feedbackForApplicant } from "~/server/judging/results.server";
import { answerPairing, pairingForStartup } from "~/server/pairing/pairings.server";
import { formatMoney } from "~/lib/dates";
import { listInKindTypes } from "~/server/sponsorship/sponsorships.server";
import { addProposalAttachment, deleteProposalAttachment, listProposalAttachments } from "~/server/attachments/attachments.server";
import { checkUpload, discardUpload, isMultipart, readUploadForm } from "~/server/attachments/upload.server";
import { withRuleErrors } from "~/server/rule-error.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";
import { SummaryList } from "~/components/summary-list";
import { MessagesLink } from "~/components/messages-link";
import { threadSummary } from "~/server/messages/queries.server";
import { StageBanner } from "~/components/stage-banner";
import { proposalStage } from "~/rules/challenges/two-stage";
import type { ProposalDetail } from "~/server/proposals/queries.server";
import type { FormErrors } from "~/lib/form-errors";

const stageOf = (p: ProposalDetail) => proposalStage(p, new Date());

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.title ?? "Proposal"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "update:proposal:own");
  const proposal = await getOwnProposal({ id: requireId(params.id), orgId: actor.org.orgId });
  if (!proposal) notFound();
  const [feedback, pairing] = await Promise.all([
    feedbackForApplicant({ proposalId: proposal.id, orgId: actor.org.orgId }),
    pairingForStartup({ proposalId: proposal.id, orgId: actor.org.orgId }),
  ]);
  const attachments = (await listProposalAttachments([proposal.id]))[proposal.id] ?? [];
  // The thread opens once the owner may read the proposal (after the deadline): until then, no link.
  const messages = await threadSummary(actor, proposal.id);
  const tasks = proposalTasks(proposal, {
    attachments: attachments.length, submitted: !["draft", "withdrawn"].includes(proposal.status), checkHref: `/my/proposals/${proposal.id}/check`,
  });
  return json({ proposal, feedback, pairing, attachments, tasks, messages, stage: stageOf(proposal), inKind: await listInKindTypes() });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "update:proposal:own");
  const ref = { id: requireId(params.id), orgId: actor.org.orgId };
  if (!(await ownsProposal(ref))) notFound();
  // Attachments come as multipart forms of their own, so a bad file never touches the proposal's text.
  if (isMultipart(request)) return uploadAttachment(request, ref, actor.user.id);
  const formData = await readFormData(request);
  const values = formValues(formData);
  if (formData.get("intent") === "delete-attachment") {
    return withRuleErrors(async () => {
      const attachmentId = formData.get("attachmentId");
      if (!isUuid(attachmentId) || !(await deleteProposalAttachment(request, { attachmentId, proposalId: ref.id, orgId: ref.orgId }))) notFound();
      return redirect(`/my/proposals/${ref.id}?notice=attachment-deleted#attachments`);
    }, { field: "file", part: "attachments" });
  }
  return withRuleErrors(async () => {
    if (formData.get("intent") === "partner-accept" || formData.get("intent") === "partner-decline") {
      const accept = formData.get("intent") === "partner-accept";
      const pairing = await pairingForStartup({ proposalId: ref.id, orgId: ref.orgId });
      if (!pairing) notFound();
      const result = await answerPairing(request, { pairingId: pairing.id, side: "startup", orgId: ref.orgId, accept });
      if (!result.ok) notFound();
      return redirect(`/my/proposals/${ref.id}?notice=pairing-${accept ? "accepted" : "declined"}`);
    }
    if (formData.get("intent") === "withdraw") {
      if (!(await withdrawProposal(request, ref))) notFound();
      return redirect(`/my/proposals/${ref.id}?notice=proposal-withdrawn`);
    }
    const parsed = parseFormData(formData, proposalFormSchema);
    if (!parsed.ok) return invalid(parsed.errors);
    const saved = await saveProposal(request, ref, parsed.value);
    if (saved.result === "not-found") notFound();
    if (saved.result === "incomplete") return invalid(toFormErrors(saved.missing, values));
    if (saved.result === "submitted") {
      return redirect(`/my/proposals/${ref.id}/submitted`);
    }
    if (saved.result === "eoi-sent") return redirect(`/my/proposals/${ref.id}?notice=eoi-sent`);
    // Save → Check your answers → Submit: the check page shows what is saved, and any gaps.
    if (parsed.value.intent === "check") return redirect(`/my/proposals/${ref.id}/check`);
    return redirect(`/my/proposals/${ref.id}?notice=proposal-saved`);
  }, { values });
}

async function uploadAttachment(request: Request, ref: { id: string; orgId: string }, userId: string) {
  const form = await readUploadForm(request);
  // The message goes next to the file field; the proposal form keeps what is saved.
  try {
    return await withRuleErrors(async () => {
      const file = await checkUpload(form);
      const added = await addProposalAttachment(request, { proposalId: ref.id, orgId: ref.orgId, userId }, file);
      if (!added) notFound();
      return redirect(`/my/proposals/${ref.id}?notice=attachment-uploaded#attachments`);
    }, { field: "file", part: "attachments" });
  } finally {
    await discardUpload(form);
  }
}

/** The eligibility questions, required answers first, as the full form and the expression of interest ask them. */
type Page = ReturnType<typeof useLoaderData<typeof loader>>;

function EligibilityFields({ questions, errors }: { questions: Page["proposal"]["questions"]; errors: FormErrors | null | undefined }) {
  return (
    <>
      {questions.length ? <h2 className="govuk-heading-m" id="section-eligibility">Eligibility questions</h2> : null}
      {questions.filter((q) => q.options).map((q) => (
        <Choices key={q.id} type="radio" inline={q.options!.length === 2} name={`answers.${q.id}`} label={q.question}
          hint={`Only ${q.accepted.map((a) => `“${a}”`).join(" or ")} can apply.`} errors={errors} defaultValue={q.answer}
          options={q.options!.map((o) => ({ value: o, label: o }))} />
      ))}
      {questions.filter((q) => !q.options).map((q, i) => (
        <Textarea key={q.id} name={`answers.${q.id}`} label={`Eligibility question ${i + 1}: ${q.question}`} hint="Needed before you submit." rows={3} errors={errors} defaultValue={q.answer} maxLength={TEXT_LIMITS.proposal.answer} />
      ))}
    </>
  );
}

/** Stage one of a two-stage call: the short expression of interest (decision 032). */
function ExpressionOfInterestForm({ p, stage, errors }: { p: Page["proposal"]; stage: Page["stage"]; errors: FormErrors | null | undefined }) {
  return (
    <Form method="post" noValidate id="proposal-form">
      <div className="govuk-inset-text">
        This challenge has two stages. By {formatDateTime(stage.eoiClosesAt!)} (UK time) send a short expression of interest: a
        title, a summary and the eligibility answers. The public body then invites some applicants to write a full proposal,
        due by {formatDateTime(p.closes_at)}.
        {stage.eoiSentAt ? <> You sent yours on {formatDateTime(stage.eoiSentAt)}; you can still change it until stage one closes.</> : null}
      </div>
      <h2 className="govuk-heading-m" id="section-describe">Your expression of interest</h2>
      <TextInput name="title" label="Title" hint={`Between ${MIN.title} and ${PROPOSAL_TITLE_MAX} characters`} errors={errors} defaultValue={p.title} />
      <Textarea name="summary" label="Summary" rows={5} hint={`What you propose and why it would work. ${before(MIN.summary)}`} errors={errors} defaultValue={p.summary} maxLength={TEXT_LIMITS.proposal.summary} />
      <EligibilityFields questions={p.questions} errors={errors} />
      <div className="govuk-button-group">
        <Button name="intent" value="submit">{stage.eoiSentAt ? "Send the changed expression of interest" : "Send expression of interest"}</Button>
        <Button name="intent" value="save" variant="secondary">Save as draft</Button>
      </div>
    </Form>
  );
}

/** The rule a long answer must meet before the proposal can be submitted, said in its hint. */
const before = (n: number) => `Write at least ${n} characters before you submit.`;

const TRL_OPTIONS = [{ value: "", label: "Choose a level" }, ...TRL_LEVELS.map((label, i) => ({ value: String(i + 1), label }))];

export default function ProposalPage() {
  const { proposal: p, feedback, pairing, attachments, inKind, tasks, messages, stage } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const formErrors = useFormErrors(data);
  const summaryErrors = formErrors;
  // An attachment's error belongs to the attachments form only: the proposal form keeps its saved text.
  const fileError = data && "part" in data ? data.errors.fields.file ?? data.errors.fields.form : undefined;
  const errors = data && "part" in data ? undefined : formErrors;
  const editable = (p.status === "draft" || p.status === "withdrawn") && p.challenge_status === "open" && stage.mode !== "none";
  // The sections a submission needs (not the optional attachments, nor the final check itself).
  const sections = tasks.filter((t) => t.id !== "attachments" && t.id !== "check");
  const canUpload = editable && attachments.length < MAX_ATTACHMENTS_PER_PROPOSAL;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summaryErrors ? { ...summaryErrors, summary: summaryErrors.summary.map((s) => (s.href === "#form" ? { ...s, href: fileError ? "#attachments" : "#proposal-form" }
          : s.href === "#file" && !canUpload ? { ...s, href: "#attachments" } : s)) } : null} />
        <Notice />
        <span className="govuk-caption-l">Proposal to <Link className="govuk-link" to={`/challenges/${p.challenge_id}`}>{p.challenge_title}</Link></span>
        <h1 className="govuk-heading-l">{p.title}</h1>
        <p className="govuk-body"><Tag {...proposalStatusTag(p.status)} /> Deadline: {formatDateTime(p.closes_at)} (UK time)</p>
        {messages ? <MessagesLink proposalId={p.id} summary={messages} /> : null}
        {stage.phase !== "single" ? <StageBanner stage={stage} closesAt={p.closes_at} /> : null}
        {editable && stage.mode === "eoi" ? <ExpressionOfInterestForm p={p} stage={stage} errors={errors} /> : null}
        {editable && stage.mode === "full" ? (
          <>
            <h2 className="govuk-heading-m">Complete your proposal</h2>
            <p className="govuk-body">You have completed {sections.filter((t) => t.status === "completed").length} of {sections.length} sections.</p>
            <TaskList tasks={tasks} idPrefix="proposal-task" />
          </>
        ) : null}
        {editable && p.blind_review ? <BlindReviewWarning /> : null}
        {editable && stage.mode === "eoi" ? null : editable ? (
          <Form method="post" noValidate id="proposal-form">
            <h2 className="govuk-heading-m" id="section-describe">Describe your proposal</h2>
            <TextInput name="title" label="Title" hint={`Between ${MIN.title} and ${PROPOSAL_TITLE_MAX} characters`} errors={errors} defaultValue={p.title} />
            <Textarea name="summary" label="Summary" rows={3} hint={`A few sentences judges read first. ${before(MIN.summary)}`} errors={errors} defaultValue={p.summary} maxLength={TEXT_LIMITS.proposal.summary} />
            <h2 className="govuk-heading-m" id="section-approach">Your approach</h2>
            <Textarea name="approach" label="Approach" rows={8} hint={`How your solution works and how you would run the pilot. ${before(MIN.approach)}`} errors={errors} defaultValue={p.approach} maxLength={TEXT_LIMITS.proposal.approach} />
            <h2 className="govuk-heading-m" id="section-impact">Expected impact</h2>
            <Textarea name="expectedImpact" label="Expected impact" rows={5} hint={`What will change, for whom, and how you will measure it. ${before(MIN.expectedImpact)}`} errors={errors} defaultValue={p.expected_impact} maxLength={TEXT_LIMITS.proposal.expectedImpact} />
            <h2 className="govuk-heading-m" id="section-team">Your team</h2>
            <Textarea name="team" label="Team" rows={4} hint={`Who will do the work and their relevant experience. ${before(MIN.team)}`} errors={errors} defaultValue={p.team} maxLength={TEXT_LIMITS.proposal.team} />
            <h2 className="govuk-heading-m" id="section-funding">Funding and readiness</h2>
            <TextInput name="requestedGbp" label="Requested budget" hint="A whole number of pounds, up to £100,000,000. Needed before you submit." prefix="£" width="10" inputMode="numeric" errors={errors} defaultValue={p.requested_gbp} />
            <Select name="trl" label="Technology readiness level" hint="How mature your solution is today. Needed before you submit." options={TRL_OPTIONS} errors={errors} defaultValue={p.trl} />
            <Choices type="checkbox" small name="needs" label="Support you need besides money (optional)" hint="Sponsors who offer it are a better fit"
              errors={errors} defaultValue={p.needs} options={inKind.map((k) => ({ value: k.slug, label: k.name }))} />
            <TextInput name="tags" label="Tags (optional)" hint="Up to 10 tags of 40 characters or fewer, separated by commas, for example: sensors, air quality, open data" errors={errors} defaultValue={p.tags.join(", ")} />
            <EligibilityFields questions={p.questions} errors={errors} />
            <div className="govuk-button-group">
              <Button name="intent" value="check">Save and check your answers</Button>
              <Button name="intent" value="save" variant="secondary">Save as draft</Button>
            </div>
          </Form>
        ) : (
          <>
            {(p.status === "draft" || p.status === "withdrawn") && stage.mode !== "none" ? (
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
                <strong className="govuk-warning-text__text"><span className="govuk-visually-hidden">Warning</span>This challenge is not open, so this proposal cannot be submitted.</strong>
              </div>
            ) : null}
            {pairing ? (
              <section aria-labelledby="pairing-heading" className="govuk-!-margin-bottom-8">
                <h2 className="govuk-heading-l" id="pairing-heading">Your proposed sponsor</h2>
                <p className="govuk-body">
                  {pairing.sponsor_name} offers {formatMoney(pairing.funding_gbp)}{pairing.in_kind.length ? ` and ${pairing.in_kind.join(", ").replace(/-/g, " ")}` : ""}.
                </p>
                {pairing.status === "team" ? <p className="govuk-body"><strong>Your team is formed.</strong>{pairing.pilot_id ? <> <Link className="govuk-link" to={`/pilots/${pairing.pilot_id}/plan`}>Plan your pilot with your partners</Link>.</> : " Your pilot is being planned."}</p>
                  : pairing.startup_response === "pending" ? (
                    <Form method="post" className="govuk-button-group">
                      <Button name="intent" value="partner-accept">Accept partnership</Button>
                      <Button name="intent" value="partner-decline" variant="secondary">Decline partnership</Button>
                    </Form>
                  ) : <p className="govuk-body">You have accepted. Waiting for the sponsor.</p>}
              </section>
            ) : null}
            {p.eligibility === "ineligible" ? (
              <div className="govuk-inset-text" id="eligibility">
                <h2 className="govuk-heading-s">Not eligible</h2>
                <p className="govuk-body">The public body checked your proposal against the challenge&apos;s rules and it is not eligible, so it will not be judged.</p>
                <p className="govuk-body app-wrap">Their reason: {p.eligibility_reason}</p>
              </div>
            ) : p.eligibility === "eligible" ? (
              <p className="govuk-body" id="eligibility">The public body has checked your proposal: it is eligible and goes forward to the judges.</p>
            ) : null}
            {feedback ? <Feedback feedback={feedback} /> : null}
            <ProposalDetails proposal={p} />
            {p.status === "submitted" && p.challenge_status === "open" ? (
              <Form method="post">
                <Button name="intent" value="withdraw" variant="warning">Withdraw proposal</Button>
              </Form>
            ) : null}
          </>
        )}
        <section aria-labelledby="attachments-heading" id="attachments" className="govuk-!-margin-top-8">
          <h2 className="govuk-heading-l" id="attachments-heading">Attachments</h2>
          {fileError && !canUpload ? <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {fileError}</p> : null}
          <p className="govuk-body">
            Supporting files for your proposal, up to {MAX_ATTACHMENTS_PER_PROPOSAL}. Judges of a blind challenge see them under neutral
            names, but what is inside a file is not changed: if the challenge is judged blind, do not name your organisation in it.
          </p>
          <AttachmentList items={attachments} caption="Files attached to this proposal" action={editable ? (a) => (
            <Form method="post" className="app-inline-form">
              <input type="hidden" name="attachmentId" value={a.id} />
              <button type="submit" name="intent" value="delete-attachment" className="app-link-button">Delete<span className="govuk-visually-hidden"> {a.name}</span></button>
            </Form>
          ) : undefined} />
          {canUpload ? (
            <Form method="post" encType="multipart/form-data" noValidate id="attachment-form">
              <FileUpload id="file" label="Attach a file" hint={ATTACHMENT_HINT} error={fileError} />
              <Button variant="secondary">Upload file</Button>
            </Form>
          ) : editable ? <p className="govuk-body">You have attached {MAX_ATTACHMENTS_PER_PROPOSAL} files, the most a proposal can have. Delete one to add another.</p> : null}
        </section>
      </div>
    </div>
  );
}

function Feedback({ feedback: f }: { feedback: NonNullable<Awaited<ReturnType<typeof feedbackForApplicant>>> }) {
  return (
    <section aria-labelledby="feedback-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-l" id="feedback-heading">Judges' feedback</h2>
      <SummaryList rows={[
        ...(f.consensus ? [{ key: "Panel's consensus score", value: <>{f.consensus.total.toFixed(2)} out of 5</> }] : []),
        { key: "Calibrated score", value: <>{f.calibrated?.toFixed(2)} out of 5 (±{f.uncertainty?.toFixed(2)})</> },
        { key: "Average of judges' scores", value: <>{f.raw?.toFixed(2)} out of 5</> },
        { key: "Rank", value: <>Rank {f.rank} of {f.ranked}{f.consensus ? ", on the panel's consensus score" : ""}</> },
        { key: "Thresholds", value: <>{f.passesThresholds ? "Passed" : "Not passed"}{f.totalThreshold !== null ? ` (minimum total ${f.totalThreshold}${f.failedTotal ? ", not reached" : ""})` : ""}</> },
      ]} />
      {f.consensus ? (
        <>
          <h3 className="govuk-heading-m">The panel&apos;s consensus</h3>
          <div className="govuk-inset-text app-pre-line">{f.consensus.summary}</div>
        </>
      ) : null}
      <Table caption="Scores by criterion" captionClass="m" rows={f.criteria} rowKey={(c) => c.name} columns={[
        { header: "Criterion", cell: (c) => <>{c.name} ({c.weight}%){c.threshold !== null ? <><br /><span className="govuk-body-s">Minimum {c.threshold}</span></> : null}</> },
        ...(f.consensus ? [{ header: "Consensus score", numeric: true, cell: (c: (typeof f.criteria)[number]) => c.consensus === null ? "–" : String(c.consensus) }] : []),
        { header: "Average score", numeric: true, cell: (c) => c.mean === null ? "–" : c.mean.toFixed(1) },
        { header: "Comments", cell: (c) => c.comments.length || c.consensusComment ? <ul className="govuk-list">
          {c.consensusComment ? <li><strong>Panel:</strong> {c.consensusComment}</li> : null}
          {c.comments.map((t, i) => <li key={i}>{t}</li>)}
        </ul> : "None" },
      ]} />
      {f.overall.length ? (
        <>
          <h3 className="govuk-heading-m">Overall comments</h3>
          {f.overall.map((o) => <div key={o.reviewer} className="govuk-inset-text"><strong>{o.reviewer}:</strong> {o.comment}</div>)}
        </>
      ) : null}
    </section>
  );
}

/** What blind review hides (app/server/judging/blind.ts), said where the applicant writes it. */
function BlindReviewWarning() {
  return (
    <div className="govuk-inset-text" id="blind-review">
      <h2 className="govuk-heading-s govuk-!-margin-bottom-2">This challenge is reviewed blind</h2>
      <p className="govuk-body">Before judges read your proposal we hide what could identify you:</p>
      <ul className="govuk-list govuk-list--bullet">
        <li>in the title, summary, approach, expected impact, tags and eligibility answers, your organisation&apos;s name and
          each word of it, and your members&apos; names, however they are written (&ldquo;AirSense&rdquo;, &ldquo;airsense-labs&rdquo;,
          &ldquo;wei.chen&rdquo;), become [applicant];</li>
        <li>every email address and web address there becomes [email address] or [web address], whoever&apos;s it is;</li>
        <li>judges do not see the Team section at all, and see your files as &ldquo;Attachment 1&rdquo;, &ldquo;Attachment 2&rdquo;.</li>
      </ul>
      <p className="govuk-body govuk-!-margin-bottom-0">
        What is inside a file is not changed, nor is a description of you that names nothing (&ldquo;the only sensor firm in
        Camden&rdquo;): leave those out yourself.
      </p>
    </div>
  );
}
