import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ChallengeList } from "~/components/challenge-list";
import { listThemes } from "~/server/vocabulary.server";
import { latestOpenChallenges } from "~/server/challenges/search.server";
import { Button } from "~/components/button";

export const meta: MetaFunction = () => [
  { title: "Civic Innovation Challenge" },
  { name: "description", content: "Public bodies, start-ups and corporates working together on the city's most pressing problems." },
];

export async function loader(_: LoaderFunctionArgs) {
  const [challenges, themes] = await Promise.all([latestOpenChallenges(5), listThemes()]);
  return json({ challenges, themes });
}

export default function Index() {
  const { challenges, themes } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">Civic Innovation Challenge</h1>
          <p className="govuk-body-l">
            Public bodies set challenges on the city's most pressing problems. Start-ups propose solutions, independent
            judges review them, and corporate sponsors help the best ideas become real pilots.
          </p>
          <Form method="get" action="/challenges" role="search" aria-label="Search challenges">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--m" htmlFor="home-q">Search open challenges</label>
              <div className="govuk-hint" id="home-q-hint">For example, air quality, loneliness or housing</div>
              <input className="govuk-input govuk-!-width-two-thirds" id="home-q" name="q" type="search" aria-describedby="home-q-hint" />
            </div>
            <Button>Search</Button>
          </Form>
        </div>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-l">Open now</h2>
          {challenges.length ? <ChallengeList challenges={challenges} /> : <p className="govuk-body">No challenges are open right now.</p>}
          <p className="govuk-body"><Link className="govuk-link" to="/challenges">Browse all challenges</Link></p>
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Themes</h2>
          <ul className="govuk-list">
            {themes.map((t) => (
              <li key={t.slug}><Link className="govuk-link" to={`/challenges?theme=${t.slug}`}>{t.name}</Link></li>
            ))}
          </ul>
        </div>
      </div>
    </>
  );
}
