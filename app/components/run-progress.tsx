// A background job's progress. While the job runs the page re-reads its data every 1.5 s (with
// JavaScript); without JavaScript the "Refresh" link does the same.
import { Link, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { formatDateTime } from "~/lib/dates";

export interface RunSummary {
  status: "queued" | "running" | "completed" | "failed";
  progress: number;
  message: string;
  finished_at: string | null;
}

export function RunProgress({ run, label }: { run: RunSummary | null | undefined; label: string }) {
  const revalidator = useRevalidator();
  const active = run?.status === "queued" || run?.status === "running";
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
      <div className="govuk-inset-text" aria-live="polite">
        <p className="govuk-body govuk-!-margin-bottom-1"><strong>{label}: {run.status === "queued" ? "waiting to start" : `${run.progress}% done`}</strong></p>
        <p className="govuk-body govuk-!-margin-bottom-1">{run.message}</p>
        <progress max={100} value={run.progress} aria-label={`${label} progress`}>{run.progress}%</progress>
        <p className="govuk-body govuk-!-margin-top-1"><Link className="govuk-link" to=".">Refresh</Link></p>
      </div>
    );
  }
  if (run.status === "failed") {
    return <div className="govuk-inset-text"><strong>{label} failed:</strong> {run.message}. Try again; nothing was half-saved.</div>;
  }
  return <p className="govuk-body">{label} last finished {formatDateTime(run.finished_at)}.</p>;
}
