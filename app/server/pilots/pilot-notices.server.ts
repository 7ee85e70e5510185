// Emails about a pilot, each written in the transaction of the change it reports.
import type { DB } from "../../../db/client";
import { appUrl, notifyOrgMembers } from "../notifications.server";
import { teamOrgIds } from "./access.server";
import type { PilotCore } from "./queries.server";

/** Every member of the team's three organisations hears that the pilot is completed. */
export async function notifyPilotCompleted(executor: DB, pilot: Pick<PilotCore, "id" | "title" | "team">): Promise<void> {
  for (const orgId of teamOrgIds(pilot)) {
    await notifyOrgMembers(executor, orgId, {
      kind: "pilot_completed",
      subject: `Pilot completed: ${pilot.title}`,
      body: `The public body has marked the pilot "${pilot.title}" completed. Its page, milestones and verified measurements stay public:\n${appUrl(`/pilots/${pilot.id}`)}`,
    });
  }
}
