import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts";
import { REVIEW_STATUSES } from "~/lib/review-status";
import { getChallengeDashboard } from "~/server/dashboards.server";
import { requireId } from "~/server/ids.server";
import { requireChallengeManager } from "~/server/judging/manager.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Dashboard: ${data?.challenge.title ?? "challenge"} – Civic Innovation Challenge` }];

const FUNNEL_LABEL = {
  submitted: "Submitted",
  reviewed: "Reviewed by at least one judge",
  shortlisted: "Shortlisted",
  paired: "Paired with a sponsor",
  piloting: "Piloting",
} as const;

const REVIEW_LABEL = { assigned: "To do", in_progress: "In progress", submitted: "Submitted", recused: "Stepped aside" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  const dashboard = await getChallengeDashboard(challenge.id);
  return json({ challenge: { id: challenge.id, title: challenge.title }, dashboard });
}

export default function ChallengeDashboard() {
  const { challenge, dashboard: d } = useLoaderData<typeof loader>();
  const funnel = (Object.keys(FUNNEL_LABEL) as (keyof typeof FUNNEL_LABEL)[]).map((k) => ({ label: FUNNEL_LABEL[k], value: d.funnel[k] }));
  const totalReviews = REVIEW_STATUSES.reduce((sum, s) => sum + d.reviews[s], 0);
  return (
    <>
      <span className="govuk-caption-l"><Link className="govuk-link" to={`/my/challenges/${challenge.id}`}>{challenge.title}</Link></span>
      <h1 className="govuk-heading-l">Challenge dashboard</h1>

      <h2 className="govuk-heading-m">From proposal to pilot</h2>
      <BarChart title="Proposals at each stage" summary={`${d.funnel.submitted} proposals submitted, ${d.funnel.piloting} now piloting.`} unit="proposals" bars={funnel} />

      <h2 className="govuk-heading-m">Scores</h2>
      {d.scoreBins.length === 0 ? <p className="govuk-body">No proposal has been scored yet.</p> : (
        <BarChart title="Calibrated scores" summary="Proposals by calibrated score (judge leniency removed), in bands of 0.5." unit="proposals"
          bars={d.scoreBins.map((b) => ({ label: `${b.from.toFixed(1)} to under ${b.to.toFixed(1)}`, value: b.count }))} />
      )}

      <h2 className="govuk-heading-m">Judging progress</h2>
      {totalReviews === 0 ? <p className="govuk-body">No judge has been assigned yet.</p> : (
        <BarChart title="Reviews by status" summary={`${d.reviews.submitted} of ${totalReviews} reviews submitted.`} unit="reviews"
          bars={REVIEW_STATUSES.map((s) => ({ label: REVIEW_LABEL[s], value: d.reviews[s] }))} />
      )}
    </>
  );
}
