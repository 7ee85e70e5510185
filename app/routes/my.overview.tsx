import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts";
import { Tag } from "~/components/tag";
import { proposalStatusTag } from "~/lib/proposal-status";
import { requireActor } from "~/server/auth.server";
import { getJudgeOverview, getStartupOverview } from "~/server/dashboards.server";
import { nextActions } from "~/server/next-actions.server";
import { PILOT_STATUS_LABEL, type PilotStatus } from "../../jobs/pilots/status";

export const meta: MetaFunction = () => [{ title: "Your overview – Civic Innovation Challenge" }];

const PILOT_TAG: Record<PilotStatus, string> = { not_started: "grey", on_track: "green", at_risk: "orange", off_track: "red" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const judging = await getJudgeOverview(actor.user.id);
  const startup = actor.org?.kind === "startup" ? { name: actor.org.name, ...(await getStartupOverview(actor.org.orgId)) } : null;
  return json({ nextActions: await nextActions(actor), judging: judging.length ? judging : null, startup });
}

export default function Overview() {
  const { nextActions, judging, startup } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Your overview</h1>
      {nextActions.length ? (
        <section aria-labelledby="next-title">
          <h2 className="govuk-heading-m" id="next-title">What to do next</h2>
          <ul className="govuk-list govuk-list--bullet">
            {nextActions.map((a) => (
              <li key={`${a.key} ${a.href} ${a.text}`}><Link className="govuk-link" to={a.href}>{a.text}</Link></li>
            ))}
          </ul>
        </section>
      ) : null}
      {!judging && !startup && !nextActions.length ? (
        <p className="govuk-body">
          There is nothing to show yet. Judges see their reviews here, and start-ups their proposals and pilots.
          See the <Link className="govuk-link" to="/dashboard">programme dashboard</Link>.
        </p>
      ) : null}

      {judging ? (
        <section aria-labelledby="judging-title">
          <h2 className="govuk-heading-m" id="judging-title">Your judging</h2>
          <table className="govuk-table">
            <caption className="govuk-visually-hidden">Your reviews by challenge</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Challenge</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">To do</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">In progress</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Submitted</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {judging.map((c) => (
                <tr key={c.challengeId} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header"><Link className="govuk-link" to="/judging">{c.title}</Link></th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.assigned}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.inProgress}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{c.submitted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {startup ? (
        <section aria-labelledby="startup-title">
          <h2 className="govuk-heading-m" id="startup-title">{startup.name}</h2>
          {startup.proposals.length === 0 ? <p className="govuk-body">No proposals yet. <Link className="govuk-link" to="/challenges">Browse open challenges</Link>.</p> : (
            <BarChart title="Your proposals by status" summary={`${startup.proposals.reduce((n, p) => n + p.count, 0)} proposals.`} unit="proposals"
              bars={startup.proposals.map((p) => ({ label: proposalStatusTag(p.status).label, value: p.count }))} />
          )}
          <h3 className="govuk-heading-s">Your pilots</h3>
          {startup.pilots.length === 0 ? <p className="govuk-body">No pilots yet.</p> : (
            <table className="govuk-table">
              <caption className="govuk-visually-hidden">Your pilots and their status</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Pilot</th>
                  <th scope="col" className="govuk-table__header">Challenge</th>
                  <th scope="col" className="govuk-table__header">Status</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {startup.pilots.map((p) => (
                  <tr key={p.id} className="govuk-table__row">
                    <td className="govuk-table__cell"><Link className="govuk-link" to={`/pilots/${p.id}`}>{p.title}</Link></td>
                    <td className="govuk-table__cell">{p.challengeTitle}</td>
                    <td className="govuk-table__cell"><Tag label={PILOT_STATUS_LABEL[p.status]} colour={PILOT_TAG[p.status]} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </>
  );
}
