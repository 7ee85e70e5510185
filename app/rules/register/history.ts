// Pure: an entry's history, version by version, each with what it changed from the one before.
import type { Declaration, Version } from "./entry";

/** Every field of a declaration, in the order pages and the open-data file show them. */
export const DECLARATION_FIELDS = [
  "dataset", "ownerOrganisation", "description", "personalData", "purpose", "legalBasis", "retention", "dpiaDone", "dpiaOn", "access",
] as const satisfies readonly (keyof Declaration)[];

export type DeclarationField = (typeof DECLARATION_FIELDS)[number];

/** The fields whose values differ between two declarations, in field order. */
export function changedFields(a: Declaration, b: Declaration): DeclarationField[] {
  return DECLARATION_FIELDS.filter((f) => a[f] !== b[f]);
}

export type HistoryItem<V extends Version> = V & { changed: DeclarationField[] };

/** The versions oldest first, each with the fields it changed (none for the first). */
export function history<V extends Version>(versions: readonly V[]): HistoryItem<V>[] {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  return sorted.map((v, i) => ({ ...v, changed: i === 0 ? [] : changedFields(sorted[i - 1]!, v) }));
}
