import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChallengeList } from "~/components/challenge-list";
import { VerifiedExplainer } from "~/components/verified";
import { Pagination } from "~/components/pagination";
import { PUBLIC_STATUS_FILTERS } from "~/lib/challenge-status";
import { listAreas, listThemes } from "~/server/vocabulary.server";
import { BROWSE_PAGE_SIZE, browseParams, searchChallenges } from "~/server/challenges/search.server";
import { parseQuery } from "~/server/query-params.server";
import { Button } from "~/components/button";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/lib/page-title";

// Offered in every language (decision 042).
export const handle = { i18n: true };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "challenges:browse.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  // A bad value is left out rather than failing the page.
  const { value: filters } = parseQuery(request, browseParams);
  const { page, status, ...search } = filters;
  const [themes, areas, found] = await Promise.all([
    listThemes(),
    listAreas(),
    searchChallenges({ ...search, status: status === "any" ? undefined : status }, { listing: "browse", limit: BROWSE_PAGE_SIZE, offset: (page - 1) * BROWSE_PAGE_SIZE }),
  ]);
  const results = { page, pageCount: Math.max(1, Math.ceil(found.total / BROWSE_PAGE_SIZE)), total: found.total, challenges: found.challenges };
  return json({ filters: { ...filters, q: filters.q ?? "", area: filters.area ?? "" }, themes, areas, results });
}

export default function Challenges() {
  const { filters, themes, areas, results } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("challenges");
  return (
    <>
      <h1 className="govuk-heading-xl">{t("browse.title")}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Form method="get" role="search" aria-label={t("browse.filter")}>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="q">{t("browse.search")}</label>
              <input className="govuk-input" id="q" name="q" type="search" defaultValue={filters.q} />
            </div>
            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{t("browse.theme")}</legend>
                <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  {themes.map((t) => (
                    <div key={t.slug} className="govuk-checkboxes__item">
                      <input className="govuk-checkboxes__input" id={`theme-${t.slug}`} name="theme" type="checkbox" value={t.slug}
                        defaultChecked={filters.theme.includes(t.slug)} />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`theme-${t.slug}`}>{t.name}</label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="area">{t("browse.area")}</label>
              <select className="govuk-select" id="area" name="area" defaultValue={filters.area}>
                <option value="">{t("browse.allAreas")}</option>
                {areas.map((a) => <option key={a.slug} value={a.slug}>{a.name}</option>)}
              </select>
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="status">{t("browse.status")}</label>
              <select className="govuk-select" id="status" name="status" defaultValue={filters.status}>
                {PUBLIC_STATUS_FILTERS.map((s) => <option key={s.value} value={s.value}>{t(`filter.${s.value}`)}</option>)}
                <option value="any">{t("filter.any")}</option>
              </select>
            </div>
            <Button>{t("browse.apply")}</Button>
          </Form>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m app-search-summary" aria-live="polite">
            {filters.q ? t("browse.countMatching", { count: results.total, q: filters.q }) : t("browse.count", { count: results.total })}
          </h2>
          {results.total === 0 ? (
            <p className="govuk-body">{t("browse.none")}</p>
          ) : (
            <ChallengeList challenges={results.challenges} />
          )}
          <Pagination page={results.page} pageCount={results.pageCount} params={params} />
          <VerifiedExplainer />
        </div>
      </div>
    </>
  );
}
