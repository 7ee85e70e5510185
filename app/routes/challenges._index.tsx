import { counted } from "~/lib/words";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ChallengeList } from "~/components/challenge-list";
import { VerifiedExplainer } from "~/components/verified";
import { Pagination } from "~/components/pagination";
import { PUBLIC_STATUS_FILTERS } from "~/lib/challenge-status";
import { listAreas, listThemes } from "~/server/catalogue.server";
import { searchPublicChallenges } from "~/server/challenges/queries.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [{ title: "Browse challenges – Civic Innovation Challenge" }];

// Filters come from the URL; anything unexpected is ignored rather than failing the page.
const filterSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  theme: z.array(z.string().max(80)).max(20).catch([]),
  area: z.string().max(80).catch(""),
  status: z.enum(["any", ...PUBLIC_STATUS_FILTERS.map((s) => s.value)] as [string, ...string[]]).catch("open"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const filters = filterSchema.parse({
    q: params.get("q") ?? "",
    theme: params.getAll("theme"),
    area: params.get("area") ?? "",
    status: params.get("status") ?? "open",
    page: params.get("page") ?? 1,
  });
  const [themes, areas, results] = await Promise.all([
    listThemes(),
    listAreas(),
    searchPublicChallenges({ q: filters.q, themes: filters.theme, area: filters.area, status: filters.status as never, page: filters.page }),
  ]);
  return json({ filters, themes, areas, results });
}

export default function Challenges() {
  const { filters, themes, areas, results } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1 className="govuk-heading-xl">Browse challenges</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Form method="get" role="search" aria-label="Filter challenges">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="q">Search</label>
              <input className="govuk-input" id="q" name="q" type="search" defaultValue={filters.q} />
            </div>
            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Theme</legend>
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
              <label className="govuk-label govuk-label--s" htmlFor="area">Borough or area</label>
              <select className="govuk-select" id="area" name="area" defaultValue={filters.area}>
                <option value="">All areas</option>
                {areas.map((a) => <option key={a.slug} value={a.slug}>{a.name}</option>)}
              </select>
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="status">Status</label>
              <select className="govuk-select" id="status" name="status" defaultValue={filters.status}>
                {PUBLIC_STATUS_FILTERS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
                <option value="any">Any status</option>
              </select>
            </div>
            <Button>Apply filters</Button>
          </Form>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m app-search-summary" aria-live="polite">
            {counted(results.total, "challenge")}
            {filters.q ? <> matching “{filters.q}”</> : null}
          </h2>
          {results.total === 0 ? (
            <p className="govuk-body">No challenges match. Try fewer words or remove some filters.</p>
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
