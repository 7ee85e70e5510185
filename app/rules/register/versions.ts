// Pure: an entry's versions. The public version is the newest approved one; at most one newer version waits
// for the public body. A change to an entry waiting for approval edits that pending version (nothing about
// it is public yet); a change after approval is a new pending version, and the approved one stays public
// until the new one is approved. Approval is refused when the page the approver read is out of date, and for
// personal data without a dated DPIA.
import { hasDpiaIfNeeded, type Declaration, type Version } from "./entry";
import { changedFields } from "./history";

export function publicVersion<V extends Version>(versions: readonly V[]): V | null {
  return versions.reduce<V | null>((best, v) => (v.status === "approved" && (!best || v.version > best.version) ? v : best), null);
}

export function pendingVersion<V extends Version>(versions: readonly V[]): V | null {
  return versions.find((v) => v.status === "pending") ?? null;
}

export function latestVersion<V extends Version>(versions: readonly V[]): V | null {
  return versions.reduce<V | null>((best, v) => (!best || v.version > best.version ? v : best), null);
}

export type ChangeOutcome =
  | { kind: "unchanged" }
  | { kind: "edit-pending"; version: number }
  | { kind: "new-version"; version: number };

/** What saving `next` does to an entry with these versions (none: its first version). */
export function changeOutcome(versions: readonly Version[], next: Declaration): ChangeOutcome {
  const latest = latestVersion(versions);
  if (!latest) return { kind: "new-version", version: 1 };
  if (changedFields(latest, next).length === 0) return { kind: "unchanged" };
  return latest.status === "pending" ? { kind: "edit-pending", version: latest.version } : { kind: "new-version", version: latest.version + 1 };
}

export const NOTHING_PENDING = "This entry has no change waiting for approval";
export const OUT_OF_DATE = "This entry has changed since you opened it: check the latest version and approve it again";
export const DPIA_NEEDED_TO_APPROVE = "This dataset holds personal data: the team must record the data protection impact assessment (DPIA) and its date before it can be approved";

/** Why the public body may not approve version `expected` of an entry now, or null when it may. */
export function approvalRefusal(versions: readonly Version[], expected: number): string | null {
  const pending = pendingVersion(versions);
  if (!pending) return NOTHING_PENDING;
  if (pending.version !== expected) return OUT_OF_DATE;
  if (!hasDpiaIfNeeded(pending)) return DPIA_NEEDED_TO_APPROVE;
  return null;
}
