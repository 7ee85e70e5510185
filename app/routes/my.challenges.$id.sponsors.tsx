import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { useFormErrors } from "~/components/form-errors";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { OrgName, VerifiedExplainer } from "~/components/verified";
import { formatMoney } from "~/lib/dates";
import { invalid, parseForm, toFormErrors } from "~/server/forms.server";
import { badRequest, notFound } from "~/server/http.server";
import { idField } from "~/lib/ids";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { decideOffer, listInKindTypes, listOffersForChallenge, NOT_VERIFIED_TO_ACCEPT } from "~/server/sponsorship/sponsorships.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Sponsors – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  const [offers, inKind] = await Promise.all([listOffersForChallenge(challenge.id), listInKindTypes()]);
  const names = new Map(inKind.map((k) => [k.slug, k.name]));
  return json({ challenge: { id: challenge.id, title: challenge.title }, offers: offers.map((o) => ({ ...o, in_kind: o.in_kind.map((k) => names.get(k) ?? k) })) });
}

const decision = z.object({ sponsorshipId: idField(), decision: z.enum(["accept", "decline"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  const parsed = await parseForm(request, decision);
  if (!parsed.ok) badRequest("Choose an offer and a decision");
  const result = await decideOffer(request, { challengeId: challenge.id, orgId: challenge.org_id, sponsorshipId: parsed.value.sponsorshipId, accept: parsed.value.decision === "accept" });
  if (result === "not-found") notFound();
  if (result === "not-verified") return invalid(toFormErrors({ [`offer-${parsed.value.sponsorshipId}`]: NOT_VERIFIED_TO_ACCEPT }, {}));
  return redirect(`/my/challenges/${challenge.id}/sponsors?notice=offer-decided`);
}

const STATUS: Record<string, { label: string; colour: string }> = {
  offered: { label: "Waiting for you", colour: "blue" },
  accepted: { label: "Accepted", colour: "green" },
  declined: { label: "Declined", colour: "red" },
  withdrawn: { label: "Withdrawn", colour: "grey" },
};

export default function Sponsors() {
  const { challenge, offers } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <Link to={`/my/challenges/${challenge.id}`} className="govuk-back-link">Back to {challenge.title}</Link>
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l">Sponsorship offers</h1>
      <p className="govuk-body">You can accept offers from verified corporates only.</p>
      <VerifiedExplainer />
      {offers.length === 0 ? <p className="govuk-body">No corporate has offered sponsorship yet.</p> : (
        <Table caption="Sponsorship offers" rows={offers} rowKey={(o) => o.id} rowId={(o) => `offer-${o.id}`} columns={[
          { header: "Sponsor", cell: (o) => <OrgName name={o.org_name} verified={o.verified_at !== null} /> },
          { header: "Offer", cell: (o) => <>
            {formatMoney(o.funding_gbp)}{o.in_kind.length ? ` and ${o.in_kind.join(", ").toLowerCase()}` : ""}; up to {o.capacity} start-ups, readiness {o.trl_min}–{o.trl_max}
            {o.note ? <><br /><span className="govuk-body-s">{o.note}</span></> : null}
          </> },
          { header: "Status", cell: (o) => <Tag {...(STATUS[o.status] ?? { label: o.status, colour: "grey" })} /> },
          { header: <span className="govuk-visually-hidden">Decision</span>, cell: (o) => (
            <Form method="post" className="app-inline-form">
              <input type="hidden" name="sponsorshipId" value={o.id} />
              {o.status !== "accepted" && o.verified_at ? <Button name="decision" value="accept" className="govuk-!-margin-bottom-0">Accept<span className="govuk-visually-hidden"> offer from {o.org_name}</span></Button> : null}
              {o.status !== "accepted" && !o.verified_at ? <span className="govuk-body-s">Not verified yet: you can accept once the programme office verifies {o.org_name}.<br /></span> : null}{" "}
              {o.status !== "declined" ? <Button name="decision" value="decline" variant="secondary" className="govuk-!-margin-bottom-0">Decline<span className="govuk-visually-hidden"> offer from {o.org_name}</span></Button> : null}
            </Form>
          ) },
        ]} />
      )}
    </>
  );
}
