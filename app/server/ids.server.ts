import { isUuid } from "../lib/ids";
import { badRequest, notFound } from "./http.server";

export { idField, isUuid } from "../lib/ids";

/** A route's id parameter, or 404: a malformed id is a page that does not exist, not a database error. */
export function requireId(value: string | undefined): string {
  if (!isUuid(value)) notFound();
  return value.toLowerCase();
}

/** An id a form must send (a hidden field or a choice from a list), or 400 with the message. */
export function requireFormId(form: FormData, name: string, message = "Choose an item from the list"): string {
  const value = form.get(name);
  if (!isUuid(value)) badRequest(message);
  return value.toLowerCase();
}
