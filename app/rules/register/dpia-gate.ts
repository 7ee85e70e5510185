// Pure: the DPIA gate. A pilot whose register declares personal data may not start running (its plan be
// approved) until each such dataset shows a data protection impact assessment, done and dated. Both the
// public version and a change waiting for approval count: a DPIA recorded only in the approved version does
// not cover a pending change that adds personal data, and the other way round.
import { hasDpiaIfNeeded, type Version } from "./entry";
import { pendingVersion, publicVersion } from "./versions";

export interface RegisterEntry<V extends Version = Version> {
  versions: readonly V[];
}

/** The entries that stop the pilot from starting: personal data in a current version without a dated DPIA. */
export function dpiaGaps<E extends RegisterEntry>(entries: readonly E[]): E[] {
  return entries.filter((e) => [publicVersion(e.versions), pendingVersion(e.versions)].some((v) => v !== null && !hasDpiaIfNeeded(v)));
}

export function dpiaGateMessage(datasets: readonly string[]): string {
  const named = datasets.map((d) => `“${d}”`).join(", ");
  return `The pilot cannot start until its data register shows a data protection impact assessment (DPIA) for each dataset with personal data: record one for ${named}`;
}
