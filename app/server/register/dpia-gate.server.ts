// The DPIA gate where a pilot starts running (decision 034): approvePlan calls it inside its transaction,
// which holds the pilot's row FOR UPDATE; register changes hold it FOR SHARE, so no entry can change between
// this check and the approval.
import type { DB } from "../../../db/client";
import { dpiaGaps, dpiaGateMessage } from "../../rules/register/dpia-gate";
import { latestVersion } from "../../rules/register/versions";
import { RuleError } from "../rule-error.server";
import { groupEntries, registerVersions } from "./queries.server";

export async function assertDpiaGate(tx: DB, pilotId: string, field = "approve"): Promise<void> {
  const gaps = dpiaGaps(groupEntries(await registerVersions(tx, [pilotId])));
  if (gaps.length) throw new RuleError(dpiaGateMessage(gaps.map((e) => latestVersion(e.versions)!.dataset)), field);
}
