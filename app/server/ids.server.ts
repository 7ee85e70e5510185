import { notFound } from "./http.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's id parameter, or 404: a malformed id is a page that does not exist, not a database error. */
export function requireId(value: string | undefined): string {
  if (!value || !UUID.test(value)) notFound();
  return value.toLowerCase();
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
