// The service feedback form's answers, shared by the form, the admin page and the server: the ratings in
// the order GOV.UK's feedback pattern asks them, and the page a banner link came from reduced to a path
// that names no one's records.
import { isUuid } from "./ids";

export const RATINGS = [
  { value: "very-satisfied", label: "Very satisfied" },
  { value: "satisfied", label: "Satisfied" },
  { value: "neither", label: "Neither satisfied nor dissatisfied" },
  { value: "dissatisfied", label: "Dissatisfied" },
  { value: "very-dissatisfied", label: "Very dissatisfied" },
] as const;

/** How long an answer is kept (decision 014): said on the admin page and in the privacy notice. */
export const FEEDBACK_KEPT_MONTHS = 24;

export type Rating = (typeof RATINGS)[number]["value"];

export function ratingLabel(value: string): string {
  return RATINGS.find((r) => r.value === value)?.label ?? value;
}

/** Longest page path kept; a longer one is not a page of ours. */
const MAX_PAGE = 200;
/** A session-style token (invitation, e-mail confirmation): long, random, lower-case base32 or hex. */
const TOKEN = /^[a-z0-9]{20,}$/i;
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/**
 * The page feedback came from, as stored: a local path only (no scheme, host, query or fragment), each
 * segment plain (letters, digits, `.-_~`), at most 200 characters, and every id or token in it replaced
 * by `:id` or `:token`, so that `/my/proposals/<uuid>` says which page, not whose proposal. Anything
 * else is null: the page is a hint for the programme office, never a reason to refuse an answer.
 */
export function feedbackPage(from: unknown): string | null {
  if (typeof from !== "string" || from.length > MAX_PAGE * 4) return null;
  const path = from.split(/[?#]/, 1)[0]!;
  if (!path.startsWith("/") || path.startsWith("//")) return null;
  if (path === "/") return "/";
  const segments = path.slice(1).replace(/\/$/, "").split("/");
  if (!segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..")) return null;
  const kept = "/" + segments.map((s) => (isUuid(s) ? ":id" : TOKEN.test(s) && /\d/.test(s) ? ":token" : s)).join("/");
  return kept.length <= MAX_PAGE ? kept : null;
}
