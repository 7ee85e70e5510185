// Nothing the user typed is lost when their session ends while a form is open (signed out in another tab,
// expired, revoked): the form they then send is kept for an hour, tied to their browser by a cookie, and
// after signing in again they are back on the form with what they typed and a message saying why. Nothing
// in it is saved until they send it again. Passwords, codes and files are never kept.
import { parse, serialize } from "cookie";
import { sql } from "kysely";
import { db } from "./connections.server";
import { checkForm } from "./input-limits.server";
import { sharedLimiter } from "./rate-limits.server";
import { generateSessionToken, isSecureContext, sessionIdFromToken } from "./session.server";

export const UNSAVED_COOKIE = "civic_unsaved";
const LIFETIME_SECONDS = 60 * 60;
/** What is kept of one form, as JSON: a long proposal fits, a flood does not. */
const MAX_KEPT_BYTES = 256 * 1024;
const NEVER_KEPT = /password|code|token|secret/i;
// Keeping a form writes a row for someone who is not signed in: at most 30 an hour from one address, across
// every web process (the rows also expire after an hour).
export const KEEP_LIMIT = { points: 30, duration: 60 * 60 };
const keepLimiter = sharedLimiter("unsaved", KEEP_LIMIT);

export type UnsavedValues = Record<string, string | string[]>;

/**
 * Keeps the form this request carries (a POST of a form) and returns the Set-Cookie header naming it, or
 * null when there is nothing to keep or it cannot be kept. Reads a clone, so the request is untouched.
 */
export async function keepUnsavedForm(request: Request, clientIp: string): Promise<string | null> {
  const type = request.headers.get("Content-Type") ?? "";
  if (request.method !== "POST" || !/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return null;
  let values: UnsavedValues;
  try {
    const { formData, textProblems } = checkForm(await request.clone().formData());
    values = {};
    for (const key of new Set(formData.keys())) {
      if (NEVER_KEPT.test(key) || key === "intent" || key in textProblems) continue;
      const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
      if (all.length > 0) values[key] = all.length > 1 ? all : all[0]!;
    }
  } catch {
    return null; // a form that breaks the input limits is not kept (and is refused when read)
  }
  if (Object.keys(values).length === 0 || JSON.stringify(values).length > MAX_KEPT_BYTES) return null;
  try {
    await (await keepLimiter()).consume(clientIp);
  } catch {
    return null;
  }
  const token = generateSessionToken();
  const path = new URL(request.url).pathname;
  await db().deleteFrom("unsaved_forms").where("expires_at", "<", sql<Date>`now()`).execute();
  await db().insertInto("unsaved_forms").values({
    // As text cast to jsonb, so it is stored as an object, not as a JSON string.
    id: sessionIdFromToken(token), path, form_values: sql<string>`cast(${JSON.stringify(values)}::text as jsonb)`,
    expires_at: new Date(Date.now() + LIFETIME_SECONDS * 1000),
  }).execute();
  return serialize(UNSAVED_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: isSecureContext(request), path: "/", maxAge: LIFETIME_SECONDS });
}

/** The form kept by this browser for this page, taken once (a second read finds nothing), or null. */
export async function takeUnsavedForm(request: Request): Promise<UnsavedValues | null> {
  const token = parse(request.headers.get("Cookie") ?? "")[UNSAVED_COOKIE];
  if (!token) return null;
  const row = await db().deleteFrom("unsaved_forms")
    .where("id", "=", sessionIdFromToken(token))
    .where("path", "=", new URL(request.url).pathname)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning("form_values").executeTakeFirst();
  return row ? (row.form_values as UnsavedValues) : null;
}
