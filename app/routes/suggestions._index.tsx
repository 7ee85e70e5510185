// Problems residents suggest (decision 035): the published ones for everyone, most supported first; a
// signed-in resident also sees their own suggestions in every state and what they follow.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { Tag } from "~/components/tag";
import { Trans, useTranslation } from "react-i18next";
import { useFormats } from "~/components/use-formats";
import { SUGGESTION_STATUS_TAG } from "~/lib/residents";
import { pageTitle } from "~/lib/page-title";
import { getActor } from "~/server/auth.server";
import { listFollowing } from "~/server/residents/follows.server";
import { listOwnSuggestions, listPublishedSuggestions } from "~/server/residents/suggestions.server";

// Offered in every language (decision 042).
export const handle = { i18n: true };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "residents:list.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const [published, own, following] = await Promise.all([
    listPublishedSuggestions(),
    actor ? listOwnSuggestions(actor.user.id) : Promise.resolve([] as Awaited<ReturnType<typeof listOwnSuggestions>>),
    actor ? listFollowing(actor.user.id) : Promise.resolve([] as Awaited<ReturnType<typeof listFollowing>>),
  ]);
  return json({ signedIn: !!actor, published, own, following });
}

export default function Suggestions() {
  const { signedIn, published, own, following } = useLoaderData<typeof loader>();
  const { t } = useTranslation("residents");
  const f = useFormats();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Notice />
        <h1 className="govuk-heading-xl">{t("list.title")}</h1>
        <p className="govuk-body">{t("list.intro")}</p>
        <p className="govuk-body">{t("list.intro2")}</p>
        {signedIn ? (
          <p className="govuk-body"><Link className="govuk-button" to="/suggestions/new">{t("list.suggest")}</Link></p>
        ) : (
          <p className="govuk-body">
            <Trans t={t} i18nKey="list.signIn" components={{
              signUp: <Link className="govuk-link" to="/sign-up?as=resident" />,
              signIn: <Link className="govuk-link" to="/sign-in?redirectTo=%2Fsuggestions" />,
            }} />
          </p>
        )}

        {own.length ? (
          <>
            <h2 className="govuk-heading-m">{t("list.yours")}</h2>
            <ul className="govuk-list">
              {own.map((s) => (
                <li key={s.id}>
                  <Link className="govuk-link" to={`/suggestions/${s.id}`}>{s.title}</Link> <Tag label={t(`status.${s.status}`)} colour={SUGGESTION_STATUS_TAG[s.status].colour} />
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {following.length ? (
          <>
            <h2 className="govuk-heading-m">{t("list.following")}</h2>
            <ul className="govuk-list">
              {following.map((f) => (
                <li key={f.challenge_id ?? f.pilot_id}>
                  {f.challenge_id
                    ? <Link className="govuk-link" to={`/challenges/${f.challenge_id}`}>{f.challenge_title}</Link>
                    : <Link className="govuk-link" to={`/pilots/${f.pilot_id}`}>{f.pilot_title}</Link>}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        <h2 className="govuk-heading-m">{t("list.published")}</h2>
        {published.length === 0 ? <p className="govuk-body">{t("list.none")}</p> : (
          <ul className="govuk-list">
            {published.map((s) => (
              <li key={s.id} className="govuk-!-margin-bottom-4">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1"><Link className="govuk-link" to={`/suggestions/${s.id}`}>{s.title}</Link></h3>
                <p className="govuk-body-s govuk-!-margin-bottom-0">
                  {t("list.line", { theme: s.theme, area: s.area, count: s.supporters, date: f.date(s.published_at ?? s.created_at) })}
                  {s.challenge_id ? ` ${t("list.nowChallenge")}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
