import { counted } from "~/lib/words";
import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary } from "~/components/error-summary";
import { Notice } from "~/components/notice";
import { RunProgress } from "~/components/run-progress";
import { Tag } from "~/components/tag";
import { formatDateTime } from "~/lib/dates";
import { proposalStatusTag } from "~/lib/proposal-status";
import { readFormData, toFormErrors } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { oneOf, parseQuery } from "~/server/query-params.server";
import { isUuid, requireId } from "~/server/ids.server";
import { z } from "zod";
import { isActive } from "~/lib/run-status";
import { latestRun, requestRun } from "~/server/job-runs.server";
import { judgingProgress } from "~/server/judging/assignments.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { rankingWithThresholds, releaseFeedback, saveShortlist, SORTS, type SortKey } from "~/server/judging/results.server";
import { setTotalThreshold, totalThresholdSchema } from "~/server/judging/consensus.server";
import { withRuleErrors } from "~/server/rule-error.server";
import { TextInput } from "~/components/fields";
import { formValues, invalid as invalidForm, parseFormData } from "~/server/forms.server";
import { confirmStep, isConfirmed } from "~/server/confirm.server";
import { ConfirmStep, confirming } from "~/components/confirm-step";
import { Button } from "~/components/button";
import { TableDownloads } from "~/components/download-links";
import { Table, type Column } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Scores and shortlist – Civic Innovation Challenge" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  // One of SORTS (own keys only, so `?sort=constructor` is the default order).
  const { sort } = parseQuery(request, z.object({ sort: oneOf(Object.keys(SORTS) as SortKey[]).default("score") })).value;
  const [run, { ranked, thresholds }, progress] = await Promise.all([
    latestRun("score-proposals", challenge.id), rankingWithThresholds(challenge.id, sort), judgingProgress(challenge.id),
  ]);
  return json({
    thresholds,
    challenge: { id: challenge.id, title: challenge.title, feedbackReleasedAt: challenge.feedback_released_at, status: challenge.status },
    run: run ? { status: run.status, progress: run.progress, message: run.message, finished_at: run.finished_at } : null,
    ranked,
    sort,
    progress: Object.fromEntries(progress.map((p) => [p.status, Number(p.n)])) as Record<string, number>,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const form = await readFormData(request);
  // Each command writes its audit row in its own transaction.
  const back = (notice: string) => redirect(`/my/challenges/${challenge.id}/results?notice=${notice}`);
  const managed = { challengeId: challenge.id, orgId: challenge.org_id };
  switch (form.get("intent")) {
    case "score":
      if (!["judging", "shortlisted"].includes(challenge.status)) return invalidForm(toFormErrors({ score: "Assign judges before scoring proposals" }, {}));
      await requestRun("score-proposals", challenge.id, actor.user.id, {
        request, event: { action: "challenge.updated", subject: { type: "challenge", id: challenge.id, orgId: challenge.org_id }, detail: { intent: "score" } },
      });
      return back("scoring-started");
    case "shortlist": {
      const ids = form.getAll("shortlist").map(String);
      if (!ids.every(isUuid)) badRequest("Choose proposals from the list");
      await saveShortlist(request, managed, ids);
      return back("shortlist-saved");
    }
    case "threshold": {
      const parsed = parseFormData(form, totalThresholdSchema);
      if (!parsed.ok) return invalidForm(parsed.errors);
      return withRuleErrors(async () => {
        await setTotalThreshold(request, managed, parsed.value.totalThreshold);
        return back("threshold-saved");
      }, { values: formValues(form) });
    }
    case "release":
      if (!isConfirmed(form)) return confirmStep("release");
      await releaseFeedback(request, managed);
      return back("feedback-released");
    default:
      badRequest("Unknown action");
  }
}

const fmt = (n: number) => n.toFixed(2);

export default function Results() {
  const { challenge, run, ranked, sort, progress, thresholds } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = useFormErrors(data);
  const [params] = useSearchParams();
  type Ranked = (typeof ranked)[number];
  // A score column whose header sorts by it, keeping the other query parameters but not a notice.
  const sortColumn = (key: SortKey, label: string, cell: (p: Ranked) => ReactNode): Column<Ranked> => {
    const next = new URLSearchParams(params);
    next.set("sort", key);
    next.delete("notice");
    return {
      header: <Link className="govuk-link" to={`?${next}`}>{label}</Link>,
      numeric: true,
      sort: sort === key ? (key === "uncertainty" || key === "title" ? "ascending" : "descending") : "none",
      cell,
    };
  };
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <Link to={`/my/challenges/${challenge.id}`} className="govuk-back-link">Back to {challenge.title}</Link>
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l" id="score">Scores and shortlist</h1>
      <p className="govuk-body">
        Reviews: {progress.submitted ?? 0} submitted, {progress.in_progress ?? 0} in progress, {progress.assigned ?? 0} not started.
      </p>
      <p className="govuk-body">
        The calibrated score removes each judge's leniency or harshness, estimated from every review they gave. The
        uncertainty is a standard error in points; “judges disagree” marks proposals whose judges differ by more than 1.5 points.
        Where a panel has submitted its consensus report, the proposal is ranked and judged on the report&apos;s scores, with the
        calibrated score beside it.
      </p>
      <h2 className="govuk-heading-m" id="thresholds">Thresholds</h2>
      <p className="govuk-body">
        A proposal passes when it reaches every criterion&apos;s minimum and the minimum total (both out of 5).
        {thresholds.criteria.some((c) => c.threshold !== null) ? ` Criterion minimums: ${thresholds.criteria.filter((c) => c.threshold !== null).map((c) => `${c.name} ${c.threshold}`).join(", ")}.` : " No criterion has a minimum."}
      </p>
      {challenge.feedbackReleasedAt ? (
        <p className="govuk-body">Minimum total: {thresholds.total === null ? "none" : thresholds.total}. Feedback has been released, so the thresholds no longer change.</p>
      ) : (
        <Form method="post" noValidate>
          <TextInput name="totalThreshold" label="Minimum total score (optional)" width="3" inputMode="decimal" errors={errors}
            hint="From 0 to 5, for example 3.33 for Horizon Europe's 10 out of 15. Leave it empty for no minimum total."
            defaultValue={thresholds.total === null ? "" : String(thresholds.total)} />
          <Button name="intent" value="threshold" variant="secondary">Save threshold</Button>
        </Form>
      )}
      <RunProgress run={run} label="Scoring" summary={ranked.length ? `${counted(ranked.length, "proposal")} ranked.` : "No proposal had a submitted review to score."} />
      <Form method="post">
        <Button name="intent" value="score" disabled={isActive(run)}>
          {ranked.length ? "Score proposals again" : "Score proposals"}
        </Button>
      </Form>
      {ranked.length ? (
        <Form method="post">
          <Table caption="Ranked proposals" captionClass="m" rows={ranked} rowKey={(p) => p.id} columns={[
            { header: "Shortlist", cell: (p) => (
              <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                <div className="govuk-checkboxes__item">
                  <input className="govuk-checkboxes__input" id={`sl-${p.id}`} name="shortlist" type="checkbox" value={p.id} defaultChecked={p.status === "shortlisted"} />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={`sl-${p.id}`}><span className="govuk-visually-hidden">Shortlist {p.title}</span></label>
                </div>
              </div>
            ) },
            sortColumn("score", "Rank", (p) => p.rank),
            { header: <Link className="govuk-link" to={`?sort=title`}>Proposal</Link>, sort: sort === "title" ? "ascending" : "none", cell: (p) => <>
              <Link className="govuk-link" to={`/my/challenges/${challenge.id}/proposals/${p.id}`}>{p.title}</Link><br />
              <span className="govuk-body-s">{p.org_name} · {p.review_count} reviews</span> <Tag {...proposalStatusTag(p.status)} />
            </> },
            { header: "Score", numeric: true, cell: (p) => <>{fmt(p.score)}{p.basis === "consensus" ? <><br /><span className="govuk-body-s">consensus</span></> : null}</> },
            sortColumn("raw", "Raw mean", (p) => fmt(p.raw)),
            sortColumn("calibrated", "Calibrated", (p) => fmt(p.calibrated)),
            sortColumn("uncertainty", "Uncertainty", (p) => <>±{fmt(p.uncertainty)}</>),
            { header: "Result", cell: (p) => p.passes ? <Tag label="Passes" colour="green" /> : <>
              <Tag label="Fails" colour="red" /><br />
              <span className="govuk-body-s">Below {[...p.failedCriteriaNames, ...(p.failedTotal ? ["the minimum total"] : [])].join(", ")}</span>
            </> },
            { header: "Flags", cell: (p) => p.disagreement ? <Tag label="Judges disagree" colour="orange" /> : null },
          ]} />
          <Button name="intent" value="shortlist">Save shortlist</Button>
        </Form>
      ) : null}
      {ranked.length ? (
        <TableDownloads base={`/my/challenges/${challenge.id}/proposals`} what="every submitted proposal with its answers, scores, rank and decision" />
      ) : null}
      {ranked.length ? (
        <>
          <h2 className="govuk-heading-m">Feedback to applicants</h2>
          {challenge.feedbackReleasedAt ? (
            <p className="govuk-body">Feedback was released on {formatDateTime(challenge.feedbackReleasedAt)}. Start-ups can read their scores and the judges' comments, without judges' names.</p>
          ) : confirming(data) === "release" ? (
            <ConfirmStep intent="release" heading="Are you sure you want to release feedback?" button="Yes, release feedback" cancelTo={`/my/challenges/${challenge.id}/results`}
              warning="Releasing feedback cannot be undone. Start-ups are e-mailed and can read their scores at once.">
              <p className="govuk-body">
                Each of the {ranked.length} scored start-ups will read its calibrated score, its rank among the {ranked.length} and the judges&apos; comments, never the judges&apos; names.
                Save the shortlist first: the scores they read are the ones shown above.
              </p>
            </ConfirmStep>
          ) : (
            <Form method="post">
              <p className="govuk-body">Releasing feedback lets each start-up read its scores and the judges' comments (never the judges' names). You will be asked to confirm.</p>
              <Button name="intent" value="release" variant="secondary">Release feedback</Button>
            </Form>
          )}
        </>
      ) : null}
    </>
  );
}
