import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AttachmentList } from "~/components/attachments";
import { ErrorSummary } from "~/components/error-summary";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { listProposalAttachments } from "~/server/attachments/attachments.server";
import { parseForm } from "~/server/forms.server";
import { badRequest, notFound } from "~/server/http.server";
import { idField } from "~/lib/ids";
import { requireId } from "~/server/ids.server";
import { answerPairing, pairingsForSponsor } from "~/server/pairing/pairings.server";
import { requirePermission } from "~/server/permissions.server";
import { getOrgSponsorship, readShortlistAsSponsor } from "~/server/sponsorship/sponsorships.server";
import { withRuleErrors } from "~/server/rule-error.server";
import { Button } from "~/components/button";
import { TableDownloads } from "~/components/download-links";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Sponsorship – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "offer:sponsorship");
  const sponsorship = await getOrgSponsorship({ id: requireId(params.id), orgId: actor.org.orgId });
  if (!sponsorship) notFound();
  // Shortlisted proposals only for an accepted sponsor of this challenge.
  const shortlist = sponsorship.status === "accepted" ? await readShortlistAsSponsor(request, sponsorship) : [];
  const pairs = await pairingsForSponsor({ sponsorshipId: sponsorship.id, orgId: actor.org.orgId });
  // A blind shortlist lists files under neutral names until the pairing is published, as it withholds the applicant.
  const attachments = await listProposalAttachments(shortlist.map((p) => p.id), { neutral: sponsorship.blind_review && !sponsorship.pairing_published_at });
  return json({ sponsorship, shortlist, pairs, attachments });
}

const answer = z.object({ pairingId: idField(), answer: z.enum(["accept", "decline"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "offer:sponsorship");
  const sponsorship = await getOrgSponsorship({ id: requireId(params.id), orgId: actor.org.orgId });
  if (!sponsorship) notFound();
  const parsed = await parseForm(request, answer);
  if (!parsed.ok) badRequest("Choose a partnership and an answer");
  return withRuleErrors(async () => {
    const accept = parsed.value.answer === "accept";
    const result = await answerPairing(request, { pairingId: parsed.value.pairingId, side: "sponsor", orgId: actor.org.orgId, accept });
    if (!result.ok) notFound();
    return redirect(`/my/sponsorships/${sponsorship.id}?notice=pairing-${accept ? "accepted" : "declined"}`);
  }, { field: "answer" });
}

export default function Sponsorship() {
  const { sponsorship, shortlist, pairs, attachments } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <Link to="/my/sponsorships" className="govuk-back-link">Back to your sponsorships</Link>
      <span className="govuk-caption-l">Sponsorship</span>
      <h1 className="govuk-heading-l" id="answer">{sponsorship.challenge_title}</h1>
      {sponsorship.status !== "accepted" ? <p className="govuk-body">The challenge owner has not accepted this offer{sponsorship.status === "declined" ? " (declined)" : " yet"}. Shortlisted proposals appear here once it is accepted.</p> : null}
      {pairs.length ? (
        <>
          <h2 className="govuk-heading-m">Proposed partnerships</h2>
          <Table caption="Start-ups proposed to you" rows={pairs} rowKey={(p) => p.id} columns={[
            { header: "Start-up and proposal", cell: (p) => <>{p.startup_name}: {p.title}</> },
            { header: "Status", cell: (p) => <>
              <Tag label={p.status === "team" ? "Team formed" : p.status === "declined" ? "Declined" : p.sponsor_response === "accepted" ? "Waiting for the start-up" : "Waiting for you"}
                colour={p.status === "team" ? "green" : p.status === "declined" ? "red" : "blue"} />
              {p.pilot_id ? <><br /><Link className="govuk-link" to={`/pilots/${p.pilot_id}`}>Go to the pilot<span className="govuk-visually-hidden"> with {p.startup_name}</span></Link></> : null}
              {p.status === "team" ? <><br /><Link className="govuk-link" to={`/proposals/${p.proposal_id}/messages`}>Messages with the team<span className="govuk-visually-hidden"> of {p.startup_name}</span></Link></> : null}
            </> },
            { header: <span className="govuk-visually-hidden">Answer</span>, cell: (p) => p.status === "published" && p.sponsor_response === "pending" ? (
              <Form method="post" className="app-inline-form">
                <input type="hidden" name="pairingId" value={p.id} />
                <Button name="answer" value="accept" className="govuk-!-margin-bottom-0">Accept<span className="govuk-visually-hidden"> {p.startup_name}</span></Button>{" "}
                <Button name="answer" value="decline" variant="secondary" className="govuk-!-margin-bottom-0">Decline<span className="govuk-visually-hidden"> {p.startup_name}</span></Button>
              </Form>
            ) : null },
          ]} />
        </>
      ) : null}
      {shortlist.length ? (
        <>
          <h2 className="govuk-heading-m">Shortlisted proposals</h2>
          {sponsorship.blind_review && !sponsorship.pairing_published_at ? <div className="govuk-inset-text">This challenge is judged blind: applicants are not named until the pairing is published.</div> : null}
          <TableDownloads base={`/my/sponsorships/${sponsorship.id}/shortlist`} what="the shortlist" />
          <ul className="govuk-list">
            {shortlist.map((p) => (
              <li key={p.id} className="app-card">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{p.title}</h3>
                <p className="govuk-body-s govuk-!-margin-bottom-1">{p.org_name ?? "Applicant withheld"} · TRL {p.trl ?? "–"} · score {p.calibrated?.toFixed(2) ?? "–"}</p>
                <p className="govuk-body">{p.summary}</p>
                {attachments[p.id]?.length ? <AttachmentList items={attachments[p.id]!} caption={`Files attached to ${p.title}`} /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
