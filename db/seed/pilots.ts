// The demo's pilots, played by their teams through the plan and pilot pages' commands: the start-up plans
// dates, budget, KPIs and milestones, the public body approves the plan, the start-up records measurements
// that the public body verifies or queries, and milestones are marked done with evidence files attached.
// Each pilot's status (on track, at risk) then follows from the rule in app/rules/pilots/status.ts, never typed.
import { db } from "../../app/server/connections.server";
import { kpiSchema, measurementSchema, milestoneDoneSchema, milestoneSchema, planSchema, reviewSchema, type KpiFormInput } from "../../app/server/pilots/pilot-forms";
import { requirePilotRole } from "../../app/server/pilots/access.server";
import {
  approvePlan, completePilot, markMilestoneDone, recordMeasurement, reviewMeasurement, saveKpi, saveMilestone, updatePlan,
} from "../../app/server/pilots/commands.server";
import { getPilotCore, loadPilot, type PilotCore } from "../../app/server/pilots/queries.server";
import { attach, type FileSpec } from "./attach";
import type { Cast } from "./cast";
import { dayInput, form, signedIn, ukDayIn, type Person } from "./support";
import { movePilotApproval } from "./time";

type Role = "public_body" | "startup" | "corporate";

/** A KPI as the plan form takes it, and the measurements the start-up records of it. */
interface KpiSpec extends Omit<KpiFormInput, "kpiId"> {
  /** [days from today, value, what the public body does with it (nothing yet: "awaiting"), its query]. */
  measurements: [number, number, "verify" | "query" | "awaiting", string?][];
}

interface MilestoneSpec {
  title: string;
  due: number;
  owner: Role;
  /** Days from today it was done (after `due`: done late); absent: still planned. */
  done?: number;
  evidence?: string;
  files?: FileSpec[];
}

export interface PilotSpec {
  /** The proposal whose team runs it. */
  proposal: string;
  /** What the demo shows with it (for the README and the tests). */
  story: "on_track" | "at_risk" | "completed" | "draft";
  starts: number;
  ends: number;
  budget: number;
  kpis: KpiSpec[];
  milestones: MilestoneSpec[];
}

export const PILOTS: PilotSpec[] = [
  {
    proposal: "High-street air sensor mesh", story: "on_track", starts: -120, ends: 62, budget: 35_000,
    kpis: [
      { name: "Nitrogen dioxide on the monitored high streets", unit: "µg/m³", baseline: 44, target: 32, direction: "lower", frequency: "monthly",
        measurements: [[-110, 43.5, "verify"], [-80, 41.8, "verify"], [-50, 39.6, "verify"], [-20, 36.4, "verify"], [-3, 35.9, "awaiting"]] },
      { name: "Residents using the live air map", unit: "people", baseline: 0, target: 3000, direction: "higher", frequency: "monthly",
        measurements: [[-90, 520, "verify"], [-60, 1180, "verify"], [-30, 1840, "verify"], [-4, 2150, "awaiting"]] },
    ],
    milestones: [
      { title: "Sensors installed on 12 high streets", due: -100, owner: "startup", done: -103, evidence: "Installation log with a photograph of each sensor.",
        files: [{ name: "Sensor installation log.pdf", kind: "pdf" }, { name: "Readings in the first month.png", kind: "png" }] },
      { title: "Live air map published", due: -60, owner: "startup", done: -57, evidence: "The map is on the council's open data portal." },
      { title: "Mid-point review with the council", due: 8, owner: "public_body" },
      { title: "Final report and scale-up plan", due: 60, owner: "startup" },
    ],
  },
  {
    proposal: "Heat-loss map for vulnerable patients", story: "at_risk", starts: -90, ends: 92, budget: 30_000,
    kpis: [
      { name: "Homes surveyed for heat loss", unit: "homes", baseline: 0, target: 400, direction: "higher", frequency: "monthly",
        measurements: [[-62, 40, "verify"], [-33, 150, "verify"], [-5, 170, "query", "The count includes homes outside the pilot wards: please send the list of addresses surveyed."]] },
      { name: "Older patients referred for retrofit grants", unit: "people", baseline: 0, target: 120, direction: "higher", frequency: "monthly",
        measurements: [[-45, 18, "verify"], [-15, 44, "verify"]] },
    ],
    milestones: [
      { title: "Survey teams trained", due: -80, owner: "startup", done: -82, evidence: "Training record for six surveyors.", files: [{ name: "Surveyor training record.pdf", kind: "pdf" }] },
      { title: "First 100 homes surveyed", due: -10, owner: "startup" },
      { title: "Grant referral route agreed with the partnership", due: 30, owner: "public_body" },
      { title: "Final report", due: 90, owner: "startup" },
    ],
  },
  {
    proposal: "Befriending calls after discharge", story: "completed", starts: -330, ends: -30, budget: 45_000,
    kpis: [
      { name: "Patients called within 48 hours of leaving hospital", unit: "%", baseline: 20, target: 75, direction: "higher", frequency: "monthly",
        measurements: [[-300, 31, "verify"], [-240, 47, "verify"], [-180, 60, "verify"], [-120, 69, "verify"], [-60, 76, "verify"], [-35, 79, "verify"]] },
      { name: "Readmissions within 30 days", unit: "%", baseline: 18, target: 14, direction: "lower", frequency: "quarterly",
        measurements: [[-240, 17.2, "verify"], [-150, 15.8, "verify"], [-60, 14.4, "verify"], [-35, 13.6, "verify"]] },
    ],
    milestones: [
      { title: "Volunteers recruited and trained", due: -300, owner: "startup", done: -304, evidence: "42 volunteers trained; records kept by KinConnect." },
      { title: "Referral route live on two wards", due: -270, owner: "public_body", done: -266, evidence: "Ward discharge checklists include the referral." },
      { title: "Final evaluation report", due: -31, owner: "startup", done: -32, evidence: "Evaluation of the year, with the figures above.",
        files: [{ name: "Final evaluation report.pdf", kind: "pdf" }, { name: "Calls within 48 hours.png", kind: "png" }] },
    ],
  },
  {
    proposal: "Freight-free hours on high streets", story: "draft", starts: 14, ends: 196, budget: 20_000,
    kpis: [
      { name: "Delivery van trips on the pilot streets", unit: "trips a day", baseline: 220, target: 150, direction: "lower", frequency: "weekly", measurements: [] },
    ],
    milestones: [
      { title: "Consolidation hub open", due: 30, owner: "startup" },
      { title: "Freight-free hours agreed with traders", due: 60, owner: "public_body" },
    ],
  },
];

/** The team's pilot for a proposal (a draft since both partners accepted), as its pages show it. */
async function pilotOf(proposalId: string): Promise<PilotCore> {
  const { id } = await db().selectFrom("pilots").innerJoin("teams", "teams.id", "pilots.team_id").select("pilots.id")
    .where("teams.proposal_id", "=", proposalId).executeTakeFirstOrThrow();
  return (await getPilotCore(id))!;
}

export async function playPilot(cast: Cast, spec: PilotSpec, proposalId: string): Promise<string> {
  const pilot = await pilotOf(proposalId);
  const member: Record<Role, Person> = {
    public_body: cast.memberOf(pilot.team.publicBody.id),
    startup: cast.memberOf(pilot.team.startup.id),
    corporate: cast.memberOf(pilot.team.corporate.id),
  };
  const orgOf: Record<Role, string> = { public_body: pilot.team.publicBody.id, startup: pilot.team.startup.id, corporate: pilot.team.corporate.id };
  const plan = `/pilots/${pilot.id}/plan`;
  const page = `/pilots/${pilot.id}`;
  // Each command is given what its page's action gives it: the person signed in, and the pilot as read then.
  // The commands audit themselves.
  const as = async (who: Person, path = plan) => requirePilotRole(await signedIn(who, path), pilot.id);

  await updatePlan(await as(member.startup), form(planSchema, { startsOn: dayInput(spec.starts), endsOn: dayInput(spec.ends), budgetGbp: spec.budget }));
  for (const { measurements: _, ...kpi } of spec.kpis) {
    await saveKpi(await as(member.startup), form(kpiSchema, kpi));
  }
  const milestoneValues = (m: MilestoneSpec) => ({ title: m.title, dueOn: dayInput(m.due), ownerOrgId: orgOf[m.owner], evidence: m.evidence ?? "" });
  for (const m of spec.milestones) {
    await saveMilestone(await as(member[m.owner]), form(milestoneSchema, { ...milestoneValues(m), milestoneStatus: "planned" }));
  }
  if (spec.story === "draft") return pilot.id;

  await approvePlan(await as(member.public_body));
  await movePilotApproval(pilot.id);

  // Measurements in the order they were taken, each checked by the public body when it came in.
  const kpiIds = new Map((await loadPilot(pilot.id))!.kpis.map((k) => [k.name, k.id]));
  const taken = spec.kpis.flatMap((k) => k.measurements.map(([days, value, check, query]) => ({ kpiId: kpiIds.get(k.name)!, days, value, check, query })))
    .sort((a, b) => a.days - b.days);
  for (const m of taken) {
    await recordMeasurement(await as(member.startup, page), form(measurementSchema, {
      kpiId: m.kpiId, measuredOn: dayInput(m.days), value: m.value, note: m.check === "query" ? "Includes the first weekend of door-knocking." : "",
    }));
    if (m.check === "awaiting") continue;
    const recorded = (await loadPilot(pilot.id))!.kpis.find((k) => k.id === m.kpiId)!.measurements
      .find((x) => x.status === "recorded" && x.measuredOn === ukDayIn(m.days))!;
    await reviewMeasurement(await as(member.public_body, page), form(reviewSchema, { measurementId: recorded.id, decision: m.check, queryNote: m.query ?? "" }));
  }

  const milestones = (await loadPilot(pilot.id))!.milestones;
  for (const m of spec.milestones.filter((m) => m.done !== undefined)) {
    const milestoneId = milestones.find((x) => x.title === m.title)!.id;
    // After approval only the milestone's own organisation marks it done (its own command).
    await markMilestoneDone(await as(member[m.owner]), form(milestoneDoneSchema, { doneMilestoneId: milestoneId, doneOn: dayInput(m.done!), doneEvidence: m.evidence ?? "" }));
    for (const file of m.files ?? []) await attach(member[m.owner], plan, { pilotId: pilot.id, milestoneId }, file);
  }

  // Its public body closes it through the product's own command, which checks its end date and milestones.
  if (spec.story === "completed") await completePilot(await as(member.public_body));
  return pilot.id;
}

