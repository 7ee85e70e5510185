// Changing the data-sharing register (decision 034). The pilot's team declares an entry or changes it; the
// pilot's public body approves the version waiting. Each runs in one transaction holding the pilot's row FOR
// SHARE (so the plan's approval, which checks the DPIA gate FOR UPDATE, waits for it) and the entry's row
// FOR UPDATE (so two changes to one entry queue), re-reads the versions under the lock, asks the pure rules
// what the change does, and writes its audit row with it, and the public body's notice that a version waits.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { Declaration } from "../../rules/register/entry";
import { approvalRefusal, changeOutcome } from "../../rules/register/versions";
import { notFound } from "../http.server";
import { RuleError } from "../rule-error.server";
import { assertRole, withLockedPilot, type PilotActor } from "../pilots/access.server";
import { auditPilot } from "../pilots/commands.server";
import { PILOT_COMPLETED } from "../pilots/plan-changes.server";
import { registerVersions } from "./queries.server";
import type { ApproveVersionInput, RegisterEntryInput } from "./register-form";
import { notifyRegisterAwaiting } from "./register-notices.server";

export const UNCHANGED = "You have not changed anything in this entry";

async function lockedVersions(tx: Transaction<Database>, pilotId: string, entryId: string) {
  const entry = await tx.selectFrom("data_register_entries").select("id").where("id", "=", entryId).where("pilot_id", "=", pilotId)
    .forUpdate().executeTakeFirst();
  if (!entry) notFound();
  return (await registerVersions(tx, [pilotId])).filter((v) => v.entryId === entryId);
}

function columns(d: Declaration) {
  return {
    dataset: d.dataset, owner_organisation: d.ownerOrganisation, description: d.description, personal_data: d.personalData,
    purpose: d.purpose, legal_basis: d.legalBasis, retention: d.retention, dpia_done: d.dpiaDone, dpia_on: d.dpiaOn, access: d.access,
  };
}

/**
 * Declares a new entry (no entryId) or changes one: a pending version is edited in place, an approved one
 * gets a new pending version beside it. Returns the entry and the version saved.
 */
export async function saveRegisterEntry(cmd: PilotActor, input: RegisterEntryInput): Promise<{ entryId: string; version: number }> {
  const { entryId, ...declaration } = input;
  return withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    if (pilot.status === "completed") throw new RuleError(PILOT_COMPLETED);
    const who = { declared_by_org_id: cmd.actor.org!.orgId, declared_by: cmd.actor.user.id, declared_at: sql<Date>`now()` };
    if (!entryId) {
      const entry = await tx.insertInto("data_register_entries").values({ pilot_id: pilot.id }).returning("id").executeTakeFirstOrThrow();
      await tx.insertInto("data_register_versions").values({ entry_id: entry.id, version: 1, ...columns(declaration), ...who }).execute();
      await auditPilot(tx, cmd, "register.declared", { entryId: entry.id, version: 1 });
      await notifyRegisterAwaiting(tx, cmd.pilot, declaration.dataset, 1);
      return { entryId: entry.id, version: 1 };
    }
    const outcome = changeOutcome(await lockedVersions(tx, pilot.id, entryId), declaration);
    if (outcome.kind === "unchanged") throw new RuleError(UNCHANGED);
    if (outcome.kind === "edit-pending") {
      await tx.updateTable("data_register_versions").set({ ...columns(declaration), ...who })
        .where("entry_id", "=", entryId).where("version", "=", outcome.version).where("status", "=", "pending").execute();
    } else {
      await tx.insertInto("data_register_versions").values({ entry_id: entryId, version: outcome.version, ...columns(declaration), ...who }).execute();
    }
    await auditPilot(tx, cmd, "register.changed", { entryId, version: outcome.version, outcome: outcome.kind });
    await notifyRegisterAwaiting(tx, cmd.pilot, declaration.dataset, outcome.version);
    return { entryId, version: outcome.version };
  }, "share");
}

/** The pilot's public body approves the version waiting: it becomes the entry's public version. */
export async function approveRegisterVersion(cmd: PilotActor, input: ApproveVersionInput): Promise<void> {
  assertRole(cmd, "public_body", "Only the public body in this pilot's team can approve its data register");
  await withLockedPilot(cmd.pilot.id, async (tx, pilot) => {
    const refusal = approvalRefusal(await lockedVersions(tx, pilot.id, input.entryId), input.version);
    if (refusal) throw new RuleError(refusal, `approve-${input.entryId}`);
    await tx.updateTable("data_register_versions")
      .set({ status: "approved", approved_by: cmd.actor.user.id, approved_at: sql`now()` })
      .where("entry_id", "=", input.entryId).where("version", "=", input.version).execute();
    await auditPilot(tx, cmd, "register.approved", { entryId: input.entryId, version: input.version });
  }, "share");
}
