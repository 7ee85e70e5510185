import { describe, expect, it } from "vitest";
import { kpiProgress, kpiStatus, meetsTarget, milestoneState, milestonesStatus, pilotStatus, type KpiInput } from "../../../app/rules/pilots/status";

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const start = d("2027-01-01");
const end = d("2027-12-31");

function kpi(over: Partial<KpiInput> = {}): KpiInput {
  return { baseline: 100, target: 50, direction: "lower", frequency: "monthly", measurements: [], ...over };
}

describe("KPI progress", () => {
  it("measures the way from baseline to target in either direction", () => {
    expect(kpiProgress({ baseline: 100, target: 50 }, 75)).toBe(0.5);
    expect(kpiProgress({ baseline: 10, target: 30 }, 25)).toBe(0.75);
    expect(kpiProgress({ baseline: 10, target: 30 }, 5)).toBe(-0.25);
    expect(meetsTarget({ target: 50, direction: "lower" }, 49)).toBe(true);
    expect(meetsTarget({ target: 50, direction: "higher" }, 49)).toBe(false);
  });

  it("compares progress with the share of time gone: on track, at risk, off track", () => {
    const mid = d("2027-07-02"); // half-way
    const at = (value: number) => kpiStatus(kpi({ measurements: [{ measuredOn: d("2027-07-01"), value }] }), start, end, mid);
    expect(at(75)).toBe("on_track"); // progress 0.5 vs expected 0.5
    expect(at(78)).toBe("on_track"); // 0.44: within 0.1 of the expected 0.5
    expect(at(82)).toBe("at_risk"); // 0.36
    expect(at(85)).toBe("at_risk"); // 0.3
    expect(at(95)).toBe("off_track"); // 0.1
  });

  it("uses the latest usable measurement and ignores queried ones", () => {
    const k = kpi({ measurements: [
      { measuredOn: d("2027-06-01"), value: 70 },
      { measuredOn: d("2027-07-01"), value: 99, status: "queried" },
    ] });
    expect(kpiStatus(k, start, end, d("2027-07-02"))).toBe("on_track");
  });

  it("with no measurement, is at risk once a measuring period has passed", () => {
    expect(kpiStatus(kpi(), start, end, d("2027-01-20"))).toBe("on_track");
    expect(kpiStatus(kpi(), start, end, d("2027-02-15"))).toBe("at_risk");
    expect(kpiStatus(kpi({ frequency: "weekly" }), start, end, d("2027-01-20"))).toBe("at_risk");
  });
});

describe("milestones", () => {
  const today = d("2027-05-01");
  it("are done, late or planned", () => {
    expect(milestoneState({ dueOn: d("2027-04-01"), status: "done", doneOn: d("2027-03-30") }, today)).toBe("done");
    expect(milestoneState({ dueOn: d("2027-04-01"), status: "done", doneOn: d("2027-04-05") }, today)).toBe("late");
    expect(milestoneState({ dueOn: d("2027-04-01"), status: "planned", doneOn: null }, today)).toBe("late");
    expect(milestoneState({ dueOn: d("2027-06-01"), status: "planned", doneOn: null }, today)).toBe("planned");
  });

  it("one overdue puts a pilot at risk; two, or one more than 30 days overdue, off track", () => {
    const overdue = (due: string) => ({ dueOn: d(due), status: "planned" as const, doneOn: null });
    expect(milestonesStatus([], today)).toBe("on_track");
    expect(milestonesStatus([overdue("2027-04-20")], today)).toBe("at_risk");
    expect(milestonesStatus([overdue("2027-03-20")], today)).toBe("off_track");
    expect(milestonesStatus([overdue("2027-04-20"), overdue("2027-04-25")], today)).toBe("off_track");
  });
});

describe("pilot status", () => {
  it("is not started before its start, and otherwise the worst of its parts", () => {
    const base = { startsOn: start, endsOn: end, kpis: [], milestones: [] };
    expect(pilotStatus({ ...base, startsOn: null }, d("2027-02-01"))).toBe("not_started");
    expect(pilotStatus(base, d("2026-12-01"))).toBe("not_started");
    expect(pilotStatus(base, d("2027-02-01"))).toBe("on_track");
    const good = kpi({ measurements: [{ measuredOn: d("2027-07-01"), value: 70 }] });
    const bad = kpi({ measurements: [{ measuredOn: d("2027-07-01"), value: 99 }] });
    expect(pilotStatus({ ...base, kpis: [good] }, d("2027-07-02"))).toBe("on_track");
    expect(pilotStatus({ ...base, kpis: [good, bad] }, d("2027-07-02"))).toBe("off_track");
    expect(pilotStatus({ ...base, kpis: [good], milestones: [{ dueOn: d("2027-06-25"), status: "planned", doneOn: null }] }, d("2027-07-02"))).toBe("at_risk");
  });
});
