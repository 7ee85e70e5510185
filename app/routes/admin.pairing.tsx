import { counted } from "~/lib/words";
import { useFormErrors } from "~/components/form-errors";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { Notice } from "~/components/notice";
import { RunProgress } from "~/components/run-progress";
import { FIT_FACTOR_LABELS } from "~/lib/fit-factors";
import { isActive } from "~/lib/run-status";
import { requireAdmin } from "~/server/auth.server";
import { invalid, parseFormData, readFormData } from "~/server/forms.server";
import { badRequest } from "~/server/http.server";
import { latestRun, requestRun } from "~/server/job-runs.server";
import { FIT_FACTORS } from "~/rules/pairing/fit";
import { challengeTitles } from "~/server/challenges/queries.server";
import { currentPairingWeights, setPairingWeights } from "~/server/pairing/pairings.server";
import { Button } from "~/components/button";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Pairing – Civic Innovation Challenge" }];

interface RoundResult {
  challenges: { challengeId: string; proposals: number; paired: number; unpaired: unknown[] }[];
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [weights, run] = await Promise.all([currentPairingWeights(), latestRun("pair-teams", null)]);
  const result = run?.status === "completed" ? (run.result as RoundResult) : null;
  const titles = await challengeTitles(result?.challenges.map((c) => c.challengeId) ?? []);
  return json({
    factors: FIT_FACTORS.map((f) => ({ key: f, label: FIT_FACTOR_LABELS[f] ?? f, weight: Math.round(weights[f] * 100) })),
    run: run ? { status: run.status, progress: run.progress, message: run.message, finished_at: run.finished_at } : null,
    round: result?.challenges.map((c) => ({ ...c, title: titles.get(c.challengeId) ?? "", unpaired: c.unpaired.length })) ?? [],
  });
}

const weight = z.number({ error: "Enter a whole number from 0 to 100" }).int("Enter a whole number from 0 to 100").min(0, "Enter a whole number from 0 to 100").max(100, "Enter a whole number from 0 to 100");
const weightsSchema = z.object(Object.fromEntries(FIT_FACTORS.map((f) => [f, weight])) as Record<(typeof FIT_FACTORS)[number], typeof weight>)
  .refine((w) => Object.values(w).some((v) => v > 0), { message: "At least one weight must be more than 0", path: ["score"] });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await readFormData(request);
  switch (form.get("intent")) {
    case "weights": {
      const parsed = parseFormData(form, weightsSchema);
      if (!parsed.ok) return invalid(parsed.errors);
      await setPairingWeights(request, parsed.value, admin.user.id);
      return redirect("/admin/pairing?notice=weights-saved");
    }
    case "round":
      await requestRun("pair-teams", null, admin.user.id, { request, event: { action: "pairing.requested", detail: { intent: "round" } } });
      return redirect("/admin/pairing?notice=round-started");
    default:
      badRequest("Unknown action");
  }
}

export default function AdminPairing() {
  const { factors, run, round } = useLoaderData<typeof loader>();
  const errors = useFormErrors(useActionData<typeof action>());
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Notice />
        <Link to="/admin" className="govuk-back-link">Back to administration</Link>
        <h1 className="govuk-heading-l">Team pairing</h1>
        <h2 className="govuk-heading-m">Pair the whole round</h2>
        <p className="govuk-body">Pairs every shortlisted challenge that has accepted sponsors, in one run. Each challenge owner then publishes their own pairing.</p>
        <RunProgress run={run} label="Pairing the round"
          summary={round.length ? `${counted(round.reduce((t, c) => t + c.paired, 0), "pair")} across ${counted(round.length, "challenge")}.` : null} />
        <Form method="post">
          <Button name="intent" value="round" disabled={isActive(run)}>Pair teams for the round</Button>
        </Form>
        {round.length ? (
          <Table caption="Last round" captionClass="s" rows={round} rowKey={(c) => c.challengeId} columns={[
            { header: "Challenge", cell: (c) => <Link className="govuk-link" to={`/my/challenges/${c.challengeId}/pairing`}>{c.title}</Link> },
            { header: "Paired", numeric: true, cell: (c) => <>{c.paired} of {c.proposals}</> },
            { header: "Not paired", numeric: true, cell: (c) => c.unpaired },
          ]} />
        ) : null}
        <h2 className="govuk-heading-m">How pairs are scored</h2>
        <p className="govuk-body">Each factor scores a pair from 0 to 1; the fit is their weighted sum. Weights are relative: they are scaled to add up to 100%.</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="weights" />
          {factors.map((f) => (
            <TextInput key={f.key} name={f.key} label={`${f.label} (%)`} width="3" inputMode="numeric" errors={errors} defaultValue={f.weight} />
          ))}
          <Button variant="secondary">Save weights</Button>
        </Form>
      </div>
    </div>
  );
}
