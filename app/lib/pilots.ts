// Pilot words shared by pages and server: labels, tags, and the status rule in plain words.
import { londonDay } from "./dates";
import type { PilotStatus } from "../rules/pilots/status";
import { sectionStatus, type Task } from "./task-list";

export type PilotLifecycle = "draft" | "approved" | "running" | "completed";
export type TeamRole = "public_body" | "startup" | "corporate";

export const DIRECTIONS = [
  { value: "higher", label: "Higher is better" },
  { value: "lower", label: "Lower is better" },
] as const;

export const FREQUENCIES = [
  { value: "weekly", label: "Weekly" },
  { value: "monthly", label: "Monthly" },
  { value: "quarterly", label: "Quarterly" },
] as const;

const HEALTH_TAG: Record<PilotStatus, { label: string; colour: string }> = {
  not_started: { label: "Not started", colour: "grey" },
  on_track: { label: "On track", colour: "green" },
  at_risk: { label: "At risk", colour: "orange" },
  off_track: { label: "Off track", colour: "red" },
};

export function pilotStatusTag(status: PilotStatus) {
  return HEALTH_TAG[status];
}

const LIFECYCLE_TAG: Record<PilotLifecycle, { label: string; colour: string }> = {
  draft: { label: "Draft plan", colour: "grey" },
  approved: { label: "Plan approved", colour: "blue" },
  running: { label: "Running", colour: "turquoise" },
  completed: { label: "Completed", colour: "purple" },
};

export function pilotLifecycleTag(status: PilotLifecycle) {
  return LIFECYCLE_TAG[status];
}

export const MEASUREMENT_TAG = {
  recorded: { label: "Awaiting check", colour: "grey" },
  verified: { label: "Verified", colour: "green" },
  queried: { label: "Queried", colour: "orange" },
} as const;

export const TEAM_ROLE_LABEL: Record<TeamRole, string> = {
  public_body: "Public body",
  startup: "Start-up",
  corporate: "Corporate sponsor",
};

/** The rule of app/rules/pilots/status.ts, in the users' words. */
export const STATUS_RULE = [
  "A pilot's status is worked out from its KPIs and milestones; nobody types it in.",
  "Each KPI's progress is how far its latest measurement has moved from the baseline towards the target. It is on track when that progress is no more than 10 percentage points behind the share of the pilot's time that has passed, at risk when it is up to 30 points behind, and off track beyond that.",
  "A KPI with no measurement yet is on track for its first measuring period (a week, month or quarter), and at risk after that. Queried measurements are left out until they are resolved.",
  "One overdue milestone puts the pilot at risk; two or more, or one more than 30 days overdue, put it off track.",
  "The pilot takes the worst status of its KPIs and milestones. Before its start date it is not started.",
];

/** A Date as its calendar day in UK time, `YYYY-MM-DD`. */
export const ukDay = londonDay;

/**
 * The pilot plan's task list. Approval opens once the plan has what approvePlan requires (both dates and
 * at least one KPI); only the public body approves, so only it gets the link.
 */
export function pilotPlanTasks(p: { status: PilotLifecycle; startsOn: unknown; endsOn: unknown; milestones: number; kpis: number; role: TeamRole | null }): Task[] {
  const dates = [!!p.startsOn, !!p.endsOn];
  const ready = dates.every(Boolean) && p.kpis > 0;
  const approved = p.status !== "draft";
  return [
    { id: "dates", title: "Dates and budget", href: "#dates-heading", status: sectionStatus(dates, dates.every(Boolean)) },
    { id: "milestones", title: "Milestones", href: "#milestones-heading", status: sectionStatus([p.milestones > 0], p.milestones > 0) },
    { id: "kpis", title: "KPIs", href: "#kpis-heading", status: sectionStatus([p.kpis > 0], p.kpis > 0) },
    {
      id: "approval",
      title: "Approval",
      href: !approved && ready && p.role === "public_body" ? "#approve-heading" : null,
      status: approved ? "completed" : ready ? "not-started" : "cannot-start",
      hint: approved ? "The public body has approved the plan"
        : !ready ? "Add both dates and at least one KPI first"
        : p.role === "public_body" ? undefined : "The public body in the team approves the plan",
    },
  ];
}
