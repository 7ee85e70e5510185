// A proposal's messages (decision 026): the thread between the challenge's owner, the applicant and, once
// the team is formed, its sponsor. Everyone else finds nothing here (404), judges included.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FileUpload } from "~/components/attachments";
import { Button } from "~/components/button";
import { ErrorSummary } from "~/components/error-summary";
import { Textarea } from "~/components/fields";
import { useAddFormKey, useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { ATTACHMENT_HINT, attachmentTypeLabel, formatBytes } from "~/lib/attachments";
import { formatDateTime } from "~/lib/dates";
import { MESSAGE_MAX, PARTY_LABELS, type ThreadMessage } from "~/lib/proposal-messages";
import { checkUpload, discardUpload, isMultipart, readUploadForm } from "~/server/attachments/upload.server";
import { requireActor } from "~/server/auth.server";
import { formValues, invalid, parseFormData, readFormData } from "~/server/forms.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { normaliseText } from "~/server/input-limits.server";
import { threadForActor } from "~/server/messages/access.server";
import { postMessage } from "~/server/messages/commands.server";
import { messageFormSchema } from "~/server/messages/message-form.server";
import { readThread } from "~/server/messages/queries.server";
import { withRuleErrors } from "~/server/rule-error.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Messages: ${data?.thread.proposalTitle ?? "Proposal"} – Civic Innovation Challenge` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const found = await readThread(actor, requireId(params.id));
  if (!found) notFound();
  const { thread, parties, messages } = found;
  const back = thread.party === "owner" ? `/my/challenges/${thread.challengeId}/proposals/${thread.proposalId}`
    : thread.party === "applicant" ? `/my/proposals/${thread.proposalId}` : null;
  return json({
    thread: { proposalTitle: thread.proposalTitle, challengeTitle: thread.challengeTitle, party: thread.party, back },
    parties, messages,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const proposalId = requireId(params.id);
  // Who may write is checked before the form is read (decision 003); the command checks it again.
  if (!(await threadForActor(actor, proposalId))) notFound();
  // A message with a file comes as a multipart form; one without may come either way.
  const upload = isMultipart(request) ? await readUploadForm(request) : null;
  try {
    const fields = upload ? upload.fields : formValues(await readFormData(request));
    const text = new FormData();
    text.set("message", normaliseText(typeof fields.message === "string" ? fields.message : ""));
    const parsed = parseFormData(text, messageFormSchema);
    if (!parsed.ok) return invalid(parsed.errors);
    const values = { message: parsed.value.message };
    return await withRuleErrors(async () => {
      // The attachments' own rules (type from the bytes, size): the message is kept when the file is refused.
      const file = upload && (upload.file || upload.tooBig) ? await checkUpload(upload) : null;
      const posted = await postMessage(request, actor, { proposalId, text: parsed.value.message, file });
      if (!posted) notFound();
      return redirect(`/proposals/${proposalId}/messages?notice=message-sent#message-${posted.messageId}`);
    }, { values, field: "file" });
  } finally {
    // A file the message was refused with (or that came with an invalid message) is not kept.
    await discardUpload(upload);
  }
}

export default function ProposalMessages() {
  const { thread, parties, messages } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = useFormErrors(data);
  const formKey = useAddFormKey(data ? "error" : null);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {thread.back ? <Link to={thread.back} className="govuk-back-link">Back to the proposal</Link> : null}
        <ErrorSummary errors={errors ?? null} />
        <Notice />
        <span className="govuk-caption-l">{thread.challengeTitle}</span>
        <h1 className="govuk-heading-l">Messages about &ldquo;{thread.proposalTitle}&rdquo;</h1>
        <p className="govuk-body">
          Only these organisations&apos; members read this thread: {parties.map((p) => `${p.name} (${PARTY_LABELS[p.party].toLowerCase()})`).join(", ")}.
          Judges never see it. Each new message is sent to the other organisations&apos; members by email.
        </p>
        <h2 className="govuk-heading-m">{messages.length === 0 ? "No messages yet" : `${messages.length} ${messages.length === 1 ? "message" : "messages"}`}</h2>
        {messages.map((m) => <Message key={m.id} message={m} />)}
        <Form method="post" encType="multipart/form-data" noValidate id="message-form" key={formKey}>
          <h2 className="govuk-heading-m">Send a message</h2>
          <Textarea name="message" label="Your message" rows={6} errors={errors} maxLength={MESSAGE_MAX} />
          <FileUpload id="file" label="Attach a file (optional)" hint={ATTACHMENT_HINT} error={errors?.fields.file} />
          <Button>Send message</Button>
        </Form>
      </div>
    </div>
  );
}

function Message({ message: m }: { message: ThreadMessage }) {
  return (
    <article className={`app-message${m.mine ? " app-message--mine" : ""}`} id={`message-${m.id}`} aria-labelledby={`message-${m.id}-from`}>
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id={`message-${m.id}-from`}>
        {m.orgName}{m.party ? ` (${PARTY_LABELS[m.party].toLowerCase()})` : ""}
      </h3>
      <p className="govuk-body-s govuk-!-margin-bottom-2">
        {m.mine ? "You" : m.authorName ?? "A former member"}, {formatDateTime(m.createdAt)}
      </p>
      <p className="govuk-body app-message__body">{m.body}</p>
      {m.attachment ? (
        <p className="govuk-body">
          <a className="govuk-link app-break" href={`/attachments/${m.attachment.id}`} download>{m.attachment.name}</a>{" "}
          <span className="govuk-body-s">({attachmentTypeLabel(m.attachment.mediaType)}, {formatBytes(m.attachment.sizeBytes)})</span>
        </p>
      ) : null}
    </article>
  );
}
