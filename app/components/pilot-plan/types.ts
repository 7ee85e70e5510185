// What the plan's sections are given: the pilot and its change requests as the plan page's loader sends them.
import type { SerializeFrom } from "@remix-run/node";
import type { listPlanChanges } from "~/server/pilots/plan-changes.server";
import type { loadPilot } from "~/server/pilots/queries.server";

export type PlanPilot = NonNullable<SerializeFrom<typeof loadPilot>>;
export type PlanChangeRequests = SerializeFrom<typeof listPlanChanges>;
export type TeamOrg = { id: string; name: string };
