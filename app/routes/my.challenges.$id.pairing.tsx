import { counted } from "~/lib/words";
import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { Notice } from "~/components/notice";
import { RunProgress } from "~/components/run-progress";
import { Tag } from "~/components/tag";
import { FIT_FACTOR_LABELS } from "~/lib/fit-factors";
import { isActive } from "~/lib/run-status";
import { invalid, readFormData, toFormErrors } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { idField } from "~/lib/ids";
import { requireId } from "~/server/ids.server";
import { latestRun, requestRun } from "~/server/job-runs.server";
import { requireChallengeManager } from "~/server/judging/manager.server";
import { confirmStep, isConfirmed } from "~/server/confirm.server";
import { ConfirmStep, confirming } from "~/components/confirm-step";
import { countExclusions, excludePair, listPairs, proposalTitles, publishPairing, setLocked } from "~/server/pairing/pairings.server";
import { withRuleErrors } from "~/server/rule-error.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Pair teams – Civic Innovation Challenge" }];

interface RunResult {
  challenges: { challengeId: string; proposals: number; paired: number; unpaired: { proposalId: string; reason: string }[]; totalFit: number; locked: number }[];
}

const REASONS: Record<string, string> = {
  "no-eligible-sponsor": "no sponsor has a place",
  excluded: "every sponsor with a place is excluded for it",
  "capacity-taken": "sponsors' places went to better fits",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge } = await requireChallengeManager(request, requireId(params.id));
  const [run, pairs, titles, excluded] = await Promise.all([
    latestRun("pair-teams", challenge.id), listPairs(challenge.id), proposalTitles(challenge.id), countExclusions(challenge.id),
  ]);
  const title = new Map(titles.map((t) => [t.id, t.title]));
  const result = run?.status === "completed" ? (run.result as RunResult).challenges.find((c) => c.challengeId === challenge.id) ?? null : null;
  return json({
    challenge: { id: challenge.id, title: challenge.title },
    excluded,
    run: run ? { status: run.status, progress: run.progress, message: run.message, finished_at: run.finished_at } : null,
    // Written by the pairing job as { factors, shares }; anything else shows no breakdown rather than failing.
    pairs: pairs.map((p) => { const e = (p.explanation ?? {}) as { shares?: Record<string, number> }; return { ...p, explanation: { shares: e.shares ?? {} } }; }),
    result: result ? { ...result, unpaired: result.unpaired.map((u) => ({ title: title.get(u.proposalId) ?? "A proposal", reason: REASONS[u.reason] ?? u.reason })) } : null,
  });
}

const pairRef = z.object({ pairingId: idField() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, challenge } = await requireChallengeManager(request, requireId(params.id));
  const form = await readFormData(request);
  // Each command writes its audit row in its own transaction.
  const back = (notice: string) => redirect(`/my/challenges/${challenge.id}/pairing?notice=${notice}`);
  const managed = { challengeId: challenge.id, orgId: challenge.org_id };
  const ref = () => {
    const parsed = pairRef.safeParse({ pairingId: form.get("pairingId") });
    if (!parsed.success) badRequest("Choose a pair");
    return parsed.data.pairingId;
  };
  return withRuleErrors(async () => {
    switch (form.get("intent")) {
      case "pair":
        if (!["shortlisted", "paired"].includes(challenge.status)) return invalid(toFormErrors({ pair: "Shortlist proposals and release feedback before pairing teams" }, {}));
        await requestRun("pair-teams", challenge.id, actor.user.id, {
          request, event: { action: "pairing.updated", subject: { type: "challenge", id: challenge.id, orgId: challenge.org_id }, detail: { intent: "pair" } },
        });
        return back("pairing-started");
      case "lock":
      case "unlock":
        await setLocked(request, { ...managed, pairingId: ref(), locked: form.get("intent") === "lock" });
        return back(form.get("intent") === "lock" ? "pairing-locked" : "pairing-unlocked");
      case "exclude":
        await excludePair(request, { ...managed, pairingId: ref(), userId: actor.user.id });
        return back("pairing-excluded");
      case "publish": {
        if (!isConfirmed(form)) return confirmStep("publish");
        await publishPairing(request, managed);
        return back("pairing-published");
      }
      default:
        badRequest("Unknown action");
    }
  }, { field: "pair" });
}

const STATUS: Record<string, { label: string; colour: string }> = {
  proposed: { label: "Proposed", colour: "grey" },
  published: { label: "Waiting for answers", colour: "blue" },
  team: { label: "Team formed", colour: "green" },
  declined: { label: "Declined", colour: "red" },
};

export default function Pairing() {
  const { challenge, run, pairs, result, excluded } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = useFormErrors(data);
  const live = pairs.filter((p) => p.status !== "declined");
  const totalFit = live.reduce((t, p) => t + p.fit, 0);
  return (
    <>
      <ErrorSummary errors={errors} />
      <Notice />
      <Link to={`/my/challenges/${challenge.id}`} className="govuk-back-link">Back to {challenge.title}</Link>
      <span className="govuk-caption-l">{challenge.title}</span>
      <h1 className="govuk-heading-l" id="pair">Pair teams</h1>
      <p className="govuk-body">
        Each shortlisted proposal gets at most one accepted sponsor, and each sponsor no more start-ups than it offered,
        choosing the pairs with the best total fit. Locked pairs, and published pairs not declined, stay when you run it again.
      </p>
      <RunProgress run={run} label="Pairing teams" summary={result ? `${result.paired} of ${counted(result.proposals, "shortlisted proposal")} paired.` : null} />
      {confirming(data) === "publish" && pairs.some((p) => p.status === "proposed") ? (
        <ConfirmStep intent="publish" heading="Are you sure you want to publish the pairing?" button="Yes, publish the pairing" cancelTo={`/my/challenges/${challenge.id}/pairing`}
          warning="Publishing cannot be undone. Each start-up and sponsor is told of its pair at once and can accept or decline it.">
          <p className="govuk-body">
            {pairs.filter((p) => p.status === "proposed").length} proposed pairs will be published. Locked pairs and pairs already published are kept when you pair teams again;
            a declined place is offered again then.
          </p>
        </ConfirmStep>
      ) : null}
      <Form method="post" className="govuk-button-group">
        <Button name="intent" value="pair" disabled={isActive(run)}>
          {pairs.length ? "Pair teams again" : "Pair teams"}
        </Button>
        {pairs.some((p) => p.status === "proposed") ? (
          <Button name="intent" value="publish" variant="secondary">Publish pairing</Button>
        ) : null}
      </Form>
      {result ? (
        <p className="govuk-body">
          {result.paired} of {counted(result.proposals, "shortlisted proposal")} paired ({result.locked} kept from before,{" "}
          {counted(excluded, "pair")} excluded by you); total fit {totalFit.toFixed(2)}.
        </p>
      ) : null}
      {result && result.unpaired.length ? (
        <>
          <h2 className="govuk-heading-m">Not paired</h2>
          <ul className="govuk-list govuk-list--bullet">{result.unpaired.map((u) => <li key={u.title}>{u.title}: {u.reason}</li>)}</ul>
        </>
      ) : null}
      {pairs.length ? (
        <Table caption="Pairs and why" captionClass="m" rows={pairs} rowKey={(p) => p.id} columns={[
          { header: "Proposal and sponsor", cell: (p) => <>{p.title} ({p.startup_name})<br /><span className="govuk-body-s">with {p.sponsor_name}</span></> },
          { header: "Fit", numeric: true, cell: (p) => p.fit.toFixed(2) },
          { header: "Share of the fit", cell: (p) => (
            <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
              {Object.entries(p.explanation.shares).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([k, v]) => (
                <li key={k}>{FIT_FACTOR_LABELS[k] ?? k}: {Math.round(v * 100)}%</li>
              ))}
            </ul>
          ) },
          { header: "Status", cell: (p) => <>
            <Tag {...(STATUS[p.status] ?? { label: p.status, colour: "grey" })} />{p.locked ? " Locked" : ""}
            {p.pilot_id ? <><br /><Link className="govuk-link" to={`/pilots/${p.pilot_id}/plan`}>Plan the pilot<span className="govuk-visually-hidden"> of {p.title}</span></Link></> : null}
            {p.status === "published" ? <><br /><span className="govuk-body-s">Start-up: {p.startup_response}; sponsor: {p.sponsor_response}</span></> : null}
          </> },
          { header: <span className="govuk-visually-hidden">Actions</span>, cell: (p) => p.status === "proposed" || p.status === "published" ? (
            <Form method="post">
              <input type="hidden" name="pairingId" value={p.id} />
              <Button name="intent" value={p.locked ? "unlock" : "lock"} variant="secondary" className="govuk-!-margin-bottom-1">
                {p.locked ? "Unlock" : "Lock"}<span className="govuk-visually-hidden"> {p.title} with {p.sponsor_name}</span>
              </Button>{" "}
              {p.status === "proposed" ? (
                <Button name="intent" value="exclude" variant="warning" className="govuk-!-margin-bottom-1">
                  Exclude<span className="govuk-visually-hidden"> {p.title} with {p.sponsor_name}</span>
                </Button>
              ) : null}
            </Form>
          ) : null },
        ]} />
      ) : null}
    </>
  );
}
