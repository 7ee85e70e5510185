// Ids: the one way to read one from a URL or a form. Our rows' ids are UUIDs from gen_random_uuid(); the
// pattern accepts any UUID spelling PostgreSQL accepts in canonical form (any version, either case) and
// gives it back in lower case, so a malformed id never reaches a query (where it would be a 500).
import { z } from "zod";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** A form field that must hold an id of ours; the message is the one the user sees next to it. */
export function idField(message = "Choose an item from the list") {
  return z.string({ error: message }).regex(UUID, message).transform((v) => v.toLowerCase());
}
