// Pure: a pilot's status (on track / at risk / off track) derived from its KPIs and milestones, never
// typed in. The rule, in words:
//
// KPIs. A KPI's progress is how far its latest measurement has moved from the baseline towards the target
// (1 = target reached; the direction says whether higher or lower is better). What is expected by now is
// the share of the pilot's time that has passed. A KPI is on track when its progress is at least the
// expected progress minus 0.1, at risk down to 0.3 below it, and off track beyond that. A KPI with no
// measurement yet is on track until one measuring period (week, month, quarter) after the start, at risk
// after that. Queried measurements are ignored until resolved.
// Milestones. A milestone is done, late (due date passed and not done, or done after its due date), or
// planned. One overdue milestone puts the pilot at risk; two or more, or one overdue by more than 30 days,
// put it off track.
// The pilot takes the worst of its KPIs and milestones. Before it starts it is "not started"; with no KPIs
// and no milestones it is "on track".
export type PilotStatus = "not_started" | "on_track" | "at_risk" | "off_track";
export type KpiStatus = "on_track" | "at_risk" | "off_track";
export type MilestoneState = "done" | "late" | "planned";

export interface KpiInput {
  baseline: number;
  target: number;
  direction: "higher" | "lower";
  frequency: "weekly" | "monthly" | "quarterly";
  measurements: { measuredOn: Date; value: number; status?: "recorded" | "verified" | "queried" }[];
}

export interface MilestoneInput {
  dueOn: Date;
  status: "planned" | "done";
  doneOn: Date | null;
}

const DAY = 86_400_000;
const PERIOD_DAYS = { weekly: 7, monthly: 31, quarterly: 92 } as const;
const RANK: Record<PilotStatus, number> = { not_started: 0, on_track: 1, at_risk: 2, off_track: 3 };

/** Share of the way from baseline to target, 1 = reached; can be negative or above 1. */
export function kpiProgress(kpi: Pick<KpiInput, "baseline" | "target">, value: number): number {
  const span = kpi.target - kpi.baseline;
  if (span === 0) return 1;
  return (value - kpi.baseline) / span;
}

/** Whether a value meets the target, in the KPI's direction. */
export function meetsTarget(kpi: Pick<KpiInput, "target" | "direction">, value: number): boolean {
  return kpi.direction === "higher" ? value >= kpi.target : value <= kpi.target;
}

export function timeElapsed(startsOn: Date, endsOn: Date, today: Date): number {
  const total = endsOn.getTime() - startsOn.getTime();
  if (total <= 0) return 1;
  return Math.min(1, Math.max(0, (today.getTime() - startsOn.getTime()) / total));
}

export function kpiStatus(kpi: KpiInput, startsOn: Date, endsOn: Date, today: Date): KpiStatus {
  const usable = kpi.measurements.filter((m) => m.status !== "queried" && m.measuredOn <= today);
  if (usable.length === 0) {
    return today.getTime() - startsOn.getTime() > PERIOD_DAYS[kpi.frequency] * DAY ? "at_risk" : "on_track";
  }
  const latest = usable.reduce((a, b) => (b.measuredOn > a.measuredOn ? b : a));
  const progress = meetsTarget(kpi, latest.value) ? 1 : kpiProgress(kpi, latest.value);
  const expected = timeElapsed(startsOn, endsOn, today);
  if (progress >= expected - 0.1) return "on_track";
  if (progress >= expected - 0.3) return "at_risk";
  return "off_track";
}

export function milestoneState(m: MilestoneInput, today: Date): MilestoneState {
  if (m.status === "done") return m.doneOn && m.doneOn > m.dueOn ? "late" : "done";
  return m.dueOn < startOfDay(today) ? "late" : "planned";
}

export function milestonesStatus(milestones: MilestoneInput[], today: Date): KpiStatus {
  const overdue = milestones.filter((m) => m.status !== "done" && m.dueOn < startOfDay(today));
  if (overdue.length === 0) return "on_track";
  const worst = Math.max(...overdue.map((m) => (startOfDay(today).getTime() - m.dueOn.getTime()) / DAY));
  return overdue.length >= 2 || worst > 30 ? "off_track" : "at_risk";
}

export function pilotStatus(
  pilot: { startsOn: Date | null; endsOn: Date | null; kpis: KpiInput[]; milestones: MilestoneInput[] },
  today: Date,
): PilotStatus {
  if (!pilot.startsOn || !pilot.endsOn || today < pilot.startsOn) return "not_started";
  const statuses: PilotStatus[] = [
    ...pilot.kpis.map((k) => kpiStatus(k, pilot.startsOn!, pilot.endsOn!, today)),
    milestonesStatus(pilot.milestones, today),
  ];
  return statuses.reduce((worst, s) => (RANK[s] > RANK[worst] ? s : worst), "on_track" as PilotStatus);
}

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export const PILOT_STATUS_LABEL: Record<PilotStatus, string> = {
  not_started: "Not started",
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
};
