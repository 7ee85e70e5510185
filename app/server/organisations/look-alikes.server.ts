// Names that read like a verified organisation's, for the programme office's verification queue. The
// database reads each name (db/migrations/2026-12-01T1101_verified_names.ts): `org_name_words` folds case,
// width, accents, homoglyphs and punctuation; `name_key` also drops "the" and endings such as "Ltd" or
// "Council". Two names look alike when either form is the same, or within a small Damerau-Levenshtein
// distance (insertions, deletions, substitutions and swaps of neighbours): up to 2 for forms of 8 characters
// or more, 1 for 4 to 7, none below (short names are too close to one another to tell anything).
import damerauLevenshtein from "damerau-levenshtein";
import { sql } from "kysely";
import { db } from "../connections.server";

export interface ReadName {
  id: string;
  name: string;
  /** name_key: the distinctive part, run together ("camden"). */
  key: string;
  /** The whole name as read, run together ("camdencouncil"). */
  words: string;
}

function allowed(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  return shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;
}

function near(a: string, b: string): boolean {
  if (a === b) return true;
  const limit = allowed(a, b);
  if (limit === 0 || Math.abs(a.length - b.length) > limit) return false;
  return damerauLevenshtein(a, b).steps <= limit;
}

/** Whether `candidate` reads like `verified` (pure: the tests state its rule with it). */
export function looksAlike(candidate: Omit<ReadName, "id" | "name">, verified: Omit<ReadName, "id" | "name">): boolean {
  return near(candidate.key, verified.key) || near(candidate.words, verified.words);
}

/** The whole name as read, run together, as a column of `organisations`. */
export const nameWordsSql = sql<string>`replace(org_name_words(organisations.name), ' ', '')`;

/** Every verified organisation's name as read. */
export function verifiedNames(): Promise<ReadName[]> {
  return db().selectFrom("organisations").select(["id", "name", "name_key as key", nameWordsSql.as("words")])
    .where("verified_at", "is not", null).execute();
}

/** For each organisation given, the verified organisations (other than itself) whose names read like its own. */
export async function lookAlikesOf(orgs: { id: string; name_key: string; name_words: string }[]): Promise<Map<string, string[]>> {
  const verified = await verifiedNames();
  return new Map(orgs.map((o) => [
    o.id,
    verified.filter((v) => v.id !== o.id && looksAlike({ key: o.name_key, words: o.name_words }, v)).map((v) => v.name),
  ]));
}

/** A verified organisation, other than this one, whose name reads exactly as this one's (verifying would clash). */
export function verifiedNamesake(orgId: string) {
  return db().selectFrom("organisations as o").innerJoin("organisations as v", "v.name_key", "o.name_key")
    .select("v.name").where("o.id", "=", orgId).where("v.id", "!=", orgId).where("v.verified_at", "is not", null)
    .executeTakeFirst();
}
