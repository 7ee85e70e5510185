// Emails about a pilot's data register (decision 034), written in the transaction of the change they report.
import type { DB } from "../../../db/client";
import { appUrl, notifyOrgMembers } from "../notifications.server";
import type { PilotCore } from "../pilots/queries.server";

/** The pilot's public body hears that a version waits for its approval (optional; digested like the others). */
export async function notifyRegisterAwaiting(executor: DB, pilot: Pick<PilotCore, "id" | "title" | "team">, dataset: string, version: number): Promise<void> {
  await notifyOrgMembers(executor, pilot.team.publicBody.id, {
    kind: "register_awaiting",
    subject: `Data register: approve "${dataset}"`,
    body: `Version ${version} of "${dataset}" in the data register of the pilot "${pilot.title}" waits for your approval. ` +
      `Until you approve it, it is not public:\n${appUrl(`/pilots/${pilot.id}/data`)}`,
  });
}
