import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Pagination } from "~/components/pagination";
import { Table } from "~/components/table";
import { Tag } from "~/components/tag";
import { OrgName } from "~/components/verified";
import { formatDate } from "~/lib/dates";
import { counted } from "~/lib/words";
import { pilotLifecycleTag, pilotStatusTag } from "~/lib/pilots";
import { getActor } from "~/server/auth.server";
import { listPublicPilots, listTeamPilots, PILOTS_PAGE_SIZE, type PilotSummary } from "~/server/pilots/queries.server";
import { parseQuery, wholeNumber } from "~/server/query-params.server";

export const meta: MetaFunction = () => [{ title: "Pilots – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // A bad page number is left out (page 1), as on the challenge list.
  const { page } = parseQuery(request, z.object({ page: wholeNumber(1, 10_000).default(1) })).value;
  const actor = await getActor(request);
  // Your own pilots head the first page only; one more than shown says whether there are others.
  const [found, yours] = await Promise.all([
    listPublicPilots({ limit: PILOTS_PAGE_SIZE, offset: (page - 1) * PILOTS_PAGE_SIZE }),
    actor && page === 1 ? listTeamPilots(actor, { limit: PILOTS_PAGE_SIZE + 1 }) : Promise.resolve([]),
  ]);
  return json({
    pilots: found.pilots, total: found.total, page, pageSize: PILOTS_PAGE_SIZE, pageCount: Math.max(1, Math.ceil(found.total / PILOTS_PAGE_SIZE)),
    yours: yours.slice(0, PILOTS_PAGE_SIZE), moreOfYours: yours.length > PILOTS_PAGE_SIZE,
  });
}

export default function Pilots() {
  const { pilots, total, page, pageSize, pageCount, yours, moreOfYours } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const first = (page - 1) * pageSize + 1;
  return (
    <>
      <h1 className="govuk-heading-xl">Pilots</h1>
      <p className="govuk-body-l">
        Each pilot brings a public body, a start-up and a corporate sponsor together to try a solution to a challenge.
        Its status is worked out from its measurements and milestones.
      </p>
      <p className="govuk-body">The datasets each pilot uses are listed in the <Link className="govuk-link" to="/data-register">data register</Link>.</p>
      {yours.length ? (
        <section aria-labelledby="yours-heading">
          <h2 className="govuk-heading-l" id="yours-heading">Your pilots</h2>
          <PilotTable pilots={yours} caption={moreOfYours ? `The ${pageSize} pilots your organisations joined most recently, including draft plans` : "Pilots your organisations are part of, including draft plans"} />
          {moreOfYours ? <p className="govuk-body">Your organisations are part of more pilots: those with an approved plan are all listed under “Pilots under way”.</p> : null}
        </section>
      ) : null}
      <section aria-labelledby="all-heading">
        <h2 className="govuk-heading-l" id="all-heading">Pilots under way</h2>
        {total === 0 ? <p className="govuk-body">No pilot has an approved plan yet.</p> : null}
        {total > 0 && pilots.length === 0 ? <p className="govuk-body">There is no page {page}: the pilots under way fill {counted(pageCount, "page")}.</p> : null}
        {pilots.length ? (
          <PilotTable pilots={pilots} caption={pageCount > 1 ? `Pilots with an approved plan, ${first} to ${first + pilots.length - 1} of ${total}` : "Pilots with an approved plan"} />
        ) : null}
        <Pagination page={page} pageCount={pageCount} params={params} />
      </section>
    </>
  );
}

function PilotTable({ pilots, caption }: { pilots: PilotSummary[]; caption: string }) {
  return (
    <Table caption={caption} captionClass="s" rows={pilots} rowKey={(p) => p.id} columns={[
      {
        header: "Pilot",
        cell: (p) => <><Link className="govuk-link" to={`/pilots/${p.id}`}>{p.title}</Link><br /><span className="govuk-body-s">For the challenge: {p.challengeTitle}</span></>,
      },
      { header: "Team", cell: (p) => <><OrgName {...p.team.publicBody} />, <OrgName {...p.team.startup} /> and <OrgName {...p.team.corporate} /></> },
      { header: "Dates", cell: (p) => (p.startsOn && p.endsOn ? `${formatDate(p.startsOn)} to ${formatDate(p.endsOn)}` : "Not planned yet") },
      { header: "Status", cell: (p) => (p.status === "draft" ? <Tag {...pilotLifecycleTag(p.status)} /> : <Tag {...pilotStatusTag(p.health)} />) },
    ]} />
  );
}
