import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ChallengeDetails } from "~/components/challenge-details";
import { OrgName } from "~/components/verified";
import { getActor } from "~/server/auth.server";
import { getOwnChallenge, getPublicChallenge } from "~/server/challenges/queries.server";
import { notFound } from "~/server/http.server";
import { requireId } from "~/server/ids.server";
import { findOrgProposalForChallenge } from "~/server/proposals/queries.server";
import { publicSponsors } from "~/server/sponsorship/sponsorships.server";
import { formatMoney } from "~/lib/dates";
import { Button, ButtonLink } from "~/components/button";
import { Clarifications } from "~/components/clarifications";
import { listPublishedClarifications } from "~/server/challenges/clarifications.server";
import { FollowButton } from "~/components/follow-button";
import { Notice } from "~/components/notice";
import { counted } from "~/lib/words";
import { isFollowing } from "~/server/residents/follows.server";
import { suggestionOfChallenge } from "~/server/residents/suggestions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.challenge.title ?? "Challenge"} – Civic Innovation Challenge` },
  { name: "description", content: data?.challenge.summary ?? "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireId(params.id);
  const actor = await getActor(request);
  // Drafts are visible only to their own organisation (as a preview); to anyone else they do not exist.
  const challenge = (await getPublicChallenge(id)) ?? (actor?.org ? await getOwnChallenge({ id, orgId: actor.org.orgId }) : undefined);
  if (!challenge) notFound();
  const isOwner = actor?.org?.orgId === challenge.org_id;
  const existing = actor?.org?.kind === "startup" ? await findOrgProposalForChallenge({ challengeId: id, orgId: actor.org.orgId }) : undefined;
  const { org_id: _orgId, ...view } = challenge;
  const [sponsors, clarifications, suggestion, following] = await Promise.all([
    publicSponsors(id), listPublishedClarifications(id), suggestionOfChallenge(id), isFollowing(actor?.user.id ?? null, { challengeId: id }),
  ]);
  return json({
    challenge: view,
    // Stage one of a two-stage call has closed: new applicants cannot start (decision 032). Said by the server's clock.
    stageOneClosed: challenge.eoi_closes_at !== null && new Date(challenge.eoi_closes_at) <= new Date(),
    sponsors,
    clarifications,
    // The resident's suggestion it came from (decision 035), and whether the reader follows it.
    suggestion: suggestion ?? null,
    following,
    viewer: actor ? (isOwner ? "owner" : actor.org?.kind ?? "no-org") : "visitor",
    existingProposalId: existing?.id ?? null,
    // The owner's feed of published challenges (calendars.$id.challenges[.]ics.ts, public: /organisations is the members' area); a draft has no dates to share.
    calendar: challenge.status === "draft" ? null : { challenge: `/challenges/${id}/calendar.ics`, organisation: `/calendars/${challenge.org_id}/challenges.ics` },
  });
}

export default function ChallengePage() {
  const { challenge, stageOneClosed, viewer, existingProposalId, sponsors, clarifications, calendar, suggestion, following } = useLoaderData<typeof loader>();
  const open = challenge.status === "open";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {challenge.status === "draft" ? (
          <div className="govuk-inset-text">This is a preview. The challenge is a draft and only your organisation can see it.</div>
        ) : null}
        <Notice />
        <ChallengeDetails challenge={challenge} />
        {suggestion ? (
          <div className="govuk-inset-text">
            This challenge comes from a problem residents suggested:{" "}
            <Link className="govuk-link" to={`/suggestions/${suggestion.id}`}>{suggestion.title}</Link>.{" "}
            {counted(suggestion.supporters, "resident supports", "residents support")} it.
          </div>
        ) : null}
        {challenge.status !== "draft" && viewer !== "visitor" ? <FollowButton target={{ challengeId: challenge.id }} following={following} /> : null}
        {sponsors.length ? (
          <>
            <h2 className="govuk-heading-m">Sponsors</h2>
            <ul className="govuk-list govuk-list--bullet">
              {sponsors.map((s) => (
                <li key={s.name}><OrgName name={s.name} verified={s.verified} />{s.funding_gbp ? `: ${formatMoney(s.funding_gbp)}` : ""}{s.in_kind.length ? ` and in-kind support (${s.in_kind.join(", ").toLowerCase()})` : ""}</li>
              ))}
            </ul>
          </>
        ) : null}
        {challenge.status !== "draft" ? (
          <section id="clarifications" aria-labelledby="clarifications-heading">
            <h2 className="govuk-heading-m" id="clarifications-heading">Questions and clarifications</h2>
            {viewer === "startup" && open ? (
              <p className="govuk-body">
                <Link className="govuk-link" to={`/challenges/${challenge.id}/questions`}>Ask the public body a question</Link>. The answer
                is published here for everyone, without your name.
              </p>
            ) : null}
            <Clarifications items={clarifications} headingLevel={3} />
          </section>
        ) : null}
      </div>
      <div className="govuk-grid-column-one-third">
        <h2 className="govuk-heading-m">Take part</h2>
        {viewer === "owner" ? (
          <ButtonLink to={`/my/challenges/${challenge.id}`}>Manage this challenge</ButtonLink>
        ) : existingProposalId ? (
          <ButtonLink to={`/my/proposals/${existingProposalId}`}>Go to your proposal</ButtonLink>
        ) : viewer === "corporate" && ["open", "closed", "judging", "shortlisted"].includes(challenge.status) ? (
          <ButtonLink to={`/challenges/${challenge.id}/sponsor`}>Offer sponsorship</ButtonLink>
        ) : !open ? (
          <p className="govuk-body">This challenge is not open for proposals.</p>
        ) : stageOneClosed ? (
          <p className="govuk-body">Stage one has closed. Only applicants invited to stage two can send a full proposal.</p>
        ) : viewer === "startup" && challenge.questions.some((q) => q.options) ? (
          <ButtonLink to={`/challenges/${challenge.id}/apply`}>Start a proposal</ButtonLink>
        ) : viewer === "startup" ? (
          <Form method="post" action={`/challenges/${challenge.id}/apply`}>
            <Button>Start a proposal</Button>
          </Form>
        ) : viewer === "visitor" ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={`/sign-in?redirectTo=/challenges/${challenge.id}`}>Sign in</Link> or{" "}
            <Link className="govuk-link" to={`/sign-up?redirectTo=/challenges/${challenge.id}`}>create an account</Link> as a start-up to apply.
          </p>
        ) : (
          viewer === "no-org" ? (
            <p className="govuk-body">
              Start-ups can apply. <Link className="govuk-link" to={`/organisations/new?redirectTo=/challenges/${challenge.id}`}>Create your start-up's organisation</Link>{" "}
              or <Link className="govuk-link" to="/organisations/join">join it with its code</Link>, then come back to this challenge.
            </p>
          ) : (
            <p className="govuk-body">Start-ups can apply. <Link className="govuk-link" to="/organisations">Switch to a start-up organisation</Link> to start a proposal.</p>
          )
        )}
        {calendar ? (
          <>
            <h2 className="govuk-heading-s">Dates in your calendar</h2>
            <ul className="govuk-list">
              <li><a className="govuk-link" href={calendar.challenge}>This challenge&apos;s opening and deadline (.ics file)</a></li>
              <li><a className="govuk-link" href={calendar.organisation}>Every challenge {challenge.org_name} sets (calendar feed)</a></li>
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
