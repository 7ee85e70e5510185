// A background job's progress, and the banner that says it started becoming the banner that says how it
// ended. While the job runs the page re-reads its data every 1.5 s (with JavaScript), so the result
// replaces the "has started" banner without a reload; without JavaScript the "Refresh" link does the same
// (it keeps the page's query, so the banner follows the run there too).
import { Link, useLocation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { formatDateTime } from "~/lib/dates";
import { isActive } from "~/lib/run-status";
import { SuccessBanner } from "./notice";

export interface RunSummary {
  status: "queued" | "running" | "completed" | "failed";
  progress: number;
  message: string;
  finished_at: string | null;
}

/** The notices that say a run has started: RunProgress shows them (and their outcome), Notice does not. */
export const RUN_STARTED_NOTICES = new Set(["assignment-started", "scoring-started", "round-started", "pairing-started"]);

/**
 * `label` names the job ("Assigning judges"); `summary` says what the finished run did, in words, for the
 * banner that replaces "has started".
 */
export function RunProgress({ run, label, summary }: { run: RunSummary | null | undefined; label: string; summary?: string | null }) {
  const revalidator = useRevalidator();
  const location = useLocation();
  const [params] = useSearchParams();
  const active = isActive(run);
  const started = RUN_STARTED_NOTICES.has(params.get("notice") ?? "");
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(t);
  }, [active, revalidator]);
  if (!run) return null;
  if (active) {
    return (
      <>
        {started ? <SuccessBanner title="Started">{label} has started. This page shows the result when it has finished.</SuccessBanner> : null}
        <div className="govuk-inset-text" aria-live="polite">
          <p className="govuk-body govuk-!-margin-bottom-1"><strong>{label}: {run.status === "queued" ? "waiting to start" : `${run.progress}% done`}</strong></p>
          <p className="govuk-body govuk-!-margin-bottom-1">{run.message}</p>
          <progress max={100} value={run.progress} aria-label={`${label} progress`}>{run.progress}%</progress>
          <p className="govuk-body govuk-!-margin-top-1"><Link className="govuk-link" to={{ pathname: location.pathname, search: location.search }}>Refresh</Link></p>
        </div>
      </>
    );
  }
  if (run.status === "failed") {
    return (
      <div className="govuk-inset-text" role={started ? "alert" : undefined}>
        <strong>{label} failed:</strong> {run.message}. Try again; nothing was half-saved.
      </div>
    );
  }
  return (
    <>
      {started ? <SuccessBanner title="Finished">{label} has finished.{summary ? ` ${summary}` : ""}</SuccessBanner> : null}
      <p className="govuk-body">{label} last finished {formatDateTime(run.finished_at)}.</p>
    </>
  );
}
