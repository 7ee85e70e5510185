// Emails about a pilot, each written in the transaction of the change it reports.
import type { DB } from "../../../db/client";
import { appUrl, notifyOrgMembers } from "../notifications.server";
import { notifyFollowers } from "../residents/follows.server";
import { teamOrgIds } from "./access.server";
import type { PilotCore } from "./queries.server";

/** Every member of the team's three organisations hears that the pilot is completed. */
export async function notifyPilotCompleted(executor: DB, pilot: Pick<PilotCore, "id" | "title" | "team" | "challengeId">): Promise<void> {
  // Residents following the pilot or its challenge (decision 035).
  await notifyFollowers(executor, {
    pilotId: pilot.id, challengeId: pilot.challengeId, key: `pilot-completed:${pilot.id}`, path: `/pilots/${pilot.id}`,
    subject: `Pilot completed: ${pilot.title}`,
    body: `The pilot "${pilot.title}" has finished. Its results stay on its page.`,
  });
  for (const orgId of teamOrgIds(pilot)) {
    await notifyOrgMembers(executor, orgId, {
      kind: "pilot_completed",
      subject: `Pilot completed: ${pilot.title}`,
      body: `The public body has marked the pilot "${pilot.title}" completed. Its page, milestones and verified measurements stay public:\n${appUrl(`/pilots/${pilot.id}`)}`,
    });
  }
}

/** Residents following a live pilot hear that one of its milestones is done (decision 035). */
export function notifyMilestoneDone(executor: DB, pilot: Pick<PilotCore, "id" | "title">, milestone: { id: string; title: string }) {
  return notifyFollowers(executor, {
    pilotId: pilot.id, key: `milestone-done:${milestone.id}`, path: `/pilots/${pilot.id}`,
    subject: `Pilot news: ${pilot.title}`,
    body: `The pilot "${pilot.title}" has reached a milestone: ${milestone.title}.`,
  });
}
