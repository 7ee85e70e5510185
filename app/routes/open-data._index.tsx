// /open-data: what the programme publishes, field by field, and under which licence.
import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PUBLIC_CHALLENGE_STATUSES } from "~/server/challenges/search.server";
import { CACHE_SECONDS, DATASETS, OPEN_DATA_LICENCE, PILOT_STATUSES } from "~/server/open-data/datasets.server";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Open data – Civic Innovation Challenge" }];

export function loader() {
  return json({
    datasets: DATASETS,
    licence: OPEN_DATA_LICENCE,
    cacheSeconds: CACHE_SECONDS,
    challengeStatuses: PUBLIC_CHALLENGE_STATUSES,
    pilotStatuses: PILOT_STATUSES,
  });
}

export default function OpenData() {
  const { datasets, licence, cacheSeconds, challengeStatuses, pilotStatuses } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-xl">Open data</h1>
        <p className="govuk-body-l">
          The programme publishes its challenges, sponsors, pilots and their results as open data, free to reuse.
        </p>
        <p className="govuk-body">
          The files hold no personal data: no names or contact details of people, no descriptions written by teams, no
          proposals, and nothing about judges or their reviews. Organisations are named when their part is public: public
          bodies that set challenges, sponsors whose offer was accepted, and start-ups running an approved pilot.
        </p>
        <p className="govuk-body">
          Files are generated when requested and may be cached for {cacheSeconds / 60} minutes. CSV files have a header
          row; a text cell that begins with =, +, -, @, a tab or a line break starts with a single quote (&apos;),
          so that spreadsheets show it as text rather than run it as a formula; numbers are written as numbers.
          JSON files are an object <code>{"{ data, generatedAt }"}</code>, with text exactly as entered.
        </p>

        <h2 className="govuk-heading-l">Licence</h2>
        <p className="govuk-body">
          All data is available under the <a className="govuk-link" href={licence.url}>{licence.name}</a>, except where
          otherwise stated.
        </p>

        <h2 className="govuk-heading-l">Files</h2>
        {datasets.map((d) => (
          <section key={d.file} aria-labelledby={`dataset-${d.file}`}>
            <h3 className="govuk-heading-m" id={`dataset-${d.file}`}>{d.title}</h3>
            <p className="govuk-body">{d.description}</p>
            <ul className="govuk-list">
              {d.formats.map((format) => (
                <li key={format}>
                  <a className="govuk-link" href={`/open-data/${d.file}.${format}`}>
                    {d.title} ({format.toUpperCase()}<span className="govuk-visually-hidden">, {d.file}.{format}</span>)
                  </a>
                </li>
              ))}
            </ul>
            <FieldTable caption={`Fields in ${d.title.toLowerCase()}`} fields={d.fields} />
          </section>
        ))}

        <h2 className="govuk-heading-l">API</h2>
        <p className="govuk-body">
          Two JSON endpoints answer filtered, paginated queries. Each answers{" "}
          <code>{"{ data, page, pageSize, total, pageCount }"}</code>, where each item of <code>data</code> has the
          fields of the matching file. A parameter that is not valid answers <code>400</code> with{" "}
          <code>{"{ error }"}</code> saying what to change.
        </p>

        <h3 className="govuk-heading-m">Challenges: <code>/api/challenges</code></h3>
        <FieldTable
          caption="Parameters of /api/challenges"
          header="Parameter"
          fields={[
            { name: "theme", description: "Theme slug, for example climate, reducing-inequality or ageing-population; give it more than once for any of several" },
            { name: "area", description: "Area slug, for example camden or london-wide" },
            { name: "status", description: `One of: ${challengeStatuses.join(", ")}` },
            { name: "q", description: "Words to search for in the title, summary and problem (up to 200 characters)" },
            { name: "page", description: "Page number, from 1 (default 1)" },
            { name: "pageSize", description: "Items per page, 1 to 100 (default 20)" },
          ]}
        />
        <p className="govuk-body"><a className="govuk-link" href="/api/challenges?status=open&pageSize=5">Example: the first five open challenges</a></p>

        <h3 className="govuk-heading-m">Pilots: <code>/api/pilots</code></h3>
        <FieldTable
          caption="Parameters of /api/pilots"
          header="Parameter"
          fields={[
            { name: "theme", description: "Theme slug of the pilot's challenge" },
            { name: "area", description: "Area slug of the pilot's challenge" },
            { name: "status", description: `One of: ${pilotStatuses.join(", ")}` },
            { name: "page", description: "Page number, from 1 (default 1)" },
            { name: "pageSize", description: "Items per page, 1 to 100 (default 20)" },
          ]}
        />
        <p className="govuk-body"><a className="govuk-link" href="/api/pilots?status=at_risk">Example: pilots at risk</a></p>
      </div>
    </div>
  );
}

function FieldTable({ caption, fields, header = "Field" }: { caption: string; fields: { name: string; description: string }[]; header?: string }) {
  return (
    <Table caption={caption} captionClass="s" rows={fields} rowKey={(f) => f.name} columns={[
      { header, rowHeader: true, cell: (f) => <code>{f.name}</code> },
      { header: "Description", cell: (f) => f.description },
    ]} />
  );
}
