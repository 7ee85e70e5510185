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
import { Button, ButtonLink } from "~/components/button";
import { Clarifications } from "~/components/clarifications";
import { listPublishedClarifications } from "~/server/challenges/clarifications.server";
import { FollowButton } from "~/components/follow-button";
import { Notice } from "~/components/notice";
import { useFormats } from "~/components/use-formats";
import { Trans, useTranslation } from "react-i18next";
import { pageTitle, titled } from "~/lib/page-title";
import { isFollowing } from "~/server/residents/follows.server";
import { suggestionOfChallenge } from "~/server/residents/suggestions.server";

// Offered in every language (decision 042): the interface is translated; what the owner wrote is as written.
export const handle = { i18n: true };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? titled(matches, data.challenge.title) : pageTitle(matches, "challenges:page.fallbackTitle") },
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
  const { t } = useTranslation("challenges");
  const f = useFormats();
  const back = `/challenges/${challenge.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {challenge.status === "draft" ? (
          <div className="govuk-inset-text">{t("page.preview")}</div>
        ) : null}
        <Notice />
        <ChallengeDetails challenge={challenge} />
        {suggestion ? (
          <div className="govuk-inset-text">
            <Trans t={t} i18nKey="page.fromSuggestion" values={{ title: suggestion.title, count: suggestion.supporters }}
              components={{ suggestion: <Link className="govuk-link" to={`/suggestions/${suggestion.id}`} /> }} />
          </div>
        ) : null}
        {challenge.status !== "draft" && viewer !== "visitor" ? <FollowButton target={{ challengeId: challenge.id }} following={following} /> : null}
        {sponsors.length ? (
          <>
            <h2 className="govuk-heading-m">{t("page.sponsors")}</h2>
            <ul className="govuk-list govuk-list--bullet">
              {sponsors.map((s) => (
                <li key={s.name}><OrgName name={s.name} verified={s.verified} />{s.funding_gbp ? `: ${f.money(s.funding_gbp)}` : ""}{s.in_kind.length ? t("page.inKind", { kinds: s.in_kind.join(", ").toLowerCase() }) : ""}</li>
              ))}
            </ul>
          </>
        ) : null}
        {challenge.status !== "draft" ? (
          <section id="clarifications" aria-labelledby="clarifications-heading">
            <h2 className="govuk-heading-m" id="clarifications-heading">{t("page.clarifications")}</h2>
            {viewer === "startup" && open ? (
              <p className="govuk-body">
                <Trans t={t} i18nKey="page.ask" components={{ ask: <Link className="govuk-link" to={`/challenges/${challenge.id}/questions`} /> }} />
              </p>
            ) : null}
            <Clarifications items={clarifications} headingLevel={3} />
          </section>
        ) : null}
      </div>
      <div className="govuk-grid-column-one-third">
        <h2 className="govuk-heading-m">{t("page.takePart")}</h2>
        {viewer === "owner" ? (
          <ButtonLink to={`/my/challenges/${challenge.id}`}>{t("page.manage")}</ButtonLink>
        ) : existingProposalId ? (
          <ButtonLink to={`/my/proposals/${existingProposalId}`}>{t("page.yourProposal")}</ButtonLink>
        ) : viewer === "corporate" && ["open", "closed", "judging", "shortlisted"].includes(challenge.status) ? (
          <ButtonLink to={`/challenges/${challenge.id}/sponsor`}>{t("page.sponsor")}</ButtonLink>
        ) : !open ? (
          <p className="govuk-body">{t("page.notOpen")}</p>
        ) : stageOneClosed ? (
          <p className="govuk-body">{t("page.stageOneClosed")}</p>
        ) : viewer === "startup" && challenge.questions.some((q) => q.options) ? (
          <ButtonLink to={`/challenges/${challenge.id}/apply`}>{t("page.start")}</ButtonLink>
        ) : viewer === "startup" ? (
          <Form method="post" action={`/challenges/${challenge.id}/apply`}>
            <Button>{t("page.start")}</Button>
          </Form>
        ) : viewer === "visitor" ? (
          <p className="govuk-body">
            <Trans t={t} i18nKey="page.visitor" components={{
              signIn: <Link className="govuk-link" to={`/sign-in?redirectTo=${back}`} />,
              signUp: <Link className="govuk-link" to={`/sign-up?redirectTo=${back}`} />,
            }} />
          </p>
        ) : (
          viewer === "no-org" ? (
            <p className="govuk-body">
              <Trans t={t} i18nKey="page.noOrg" components={{
                create: <Link className="govuk-link" to={`/organisations/new?redirectTo=${back}`} />,
                join: <Link className="govuk-link" to="/organisations/join" />,
              }} />
            </p>
          ) : (
            <p className="govuk-body"><Trans t={t} i18nKey="page.otherOrg" components={{ switch: <Link className="govuk-link" to="/organisations" /> }} /></p>
          )
        )}
        {calendar ? (
          <>
            <h2 className="govuk-heading-s">{t("page.calendar")}</h2>
            <ul className="govuk-list">
              <li><a className="govuk-link" href={calendar.challenge}>{t("page.calendarChallenge")}</a></li>
              <li><a className="govuk-link" href={calendar.organisation}>{t("page.calendarOrganisation", { org: challenge.org_name })}</a></li>
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
