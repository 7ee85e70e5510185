// The one way a loader reads its query string (issue 14): a zod object schema, one field per parameter.
//
// What the helper does with a value that breaks its field's schema is the same everywhere: the field is
// read as if the parameter were absent (so it takes the schema's default, or stays undefined when it is
// optional), and what was wrong is returned in `problems`, one message per parameter. Each route then
// decides what a problem means:
// - a page ignores them: a person who edits the address or follows an old link gets the page with that
//   filter left out, never a 400 or a 500 for `?page=abc` (the browse page, the feedback pages, sign-in);
// - the public JSON API answers 400 with `{ error }`, the first problem, so a program learns at once that
//   it asked for something we do not have (documented on /open-data and pinned by its tests).
//
// Reading: a field whose schema is a list (`z.array`) gets every value of its name (`?theme=a&theme=b`),
// any other field the first one, as URLSearchParams.get does. An empty value (`?area=`, what a form sends
// for an empty field) is as if absent. The input limits (size, control characters, invalid UTF-8) are
// checked before any loader runs, by route-guard.server.ts.
import { z } from "zod";
import { safeRedirectPath } from "./http.server";

export interface ParsedQuery<T> {
  /** The parameters, each bad one replaced by its default. */
  value: T;
  /** What was wrong, as `name must be …`, in the schema's order of fields; empty when nothing was. */
  problems: string[];
}

type QuerySchema = z.ZodObject<Record<string, z.ZodType>>;

export function parseQuery<S extends QuerySchema>(request: Request | URL, schema: S): ParsedQuery<z.output<S>> {
  const params = (request instanceof URL ? request : new URL(request.url)).searchParams;
  const raw: Record<string, string | string[] | undefined> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    const values = params.getAll(name).filter((v) => v !== "");
    raw[name] = isList(field) ? values : values[0];
  }
  const first = schema.safeParse(raw);
  if (first.success) return { value: first.data, problems: [] };
  const problems = new Map<string, string>();
  for (const issue of first.error.issues) {
    const name = String(issue.path[0] ?? "");
    if (!Object.hasOwn(raw, name) || problems.has(name)) continue;
    problems.set(name, `${name} ${issue.message}`);
    raw[name] = undefined;
  }
  const second = schema.safeParse(raw);
  // Every field of a query schema must accept an absent parameter; one that does not is our mistake.
  if (!second.success) throw new Error(`query schema has a field that needs a value: ${second.error.message}`);
  return { value: second.data, problems: [...problems.values()] };
}

/** Whether a field reads every value of its name: its schema is a list under any wrappers. */
function isList(schema: z.ZodType): boolean {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
  switch (def.type) {
    case "array":
      return true;
    case "optional": case "nullable": case "default": case "prefault": case "catch": case "readonly":
      return isList(def.innerType!);
    case "pipe":
      return isList(def.in!);
    default:
      return false;
  }
}

// --- Fields more than one route reads ----------------------------------------------------------------

/** A whole number written in digits only (no sign, point or exponent), from min to max. */
export function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.string().regex(/^\d+$/, { error: message }).transform(Number).refine((n) => n >= min && n <= max, { error: message });
}

const SLUG = /^[a-z0-9-]{1,80}$/;

/** A theme's or an area's slug, as in the address of a filter. */
export const slugParam = z.string().regex(SLUG, { error: 'must be a slug such as "climate" or "camden"' });

/** Words to search for, trimmed. */
export function searchText(maxLength: number) {
  return z.string().trim().max(maxLength, { error: `must be ${maxLength} characters or fewer` });
}

/** One of a list of values. */
export function oneOf<T extends string>(values: readonly T[]) {
  return z.enum(values as [T, ...T[]], { error: `must be one of: ${values.join(", ")}` });
}

/** `?redirectTo=`: where to go next, a path on this site (safeRedirectPath), else the fallback. */
export function redirectToParams(fallback: string) {
  return z.object({ redirectTo: z.string().optional().transform((to) => safeRedirectPath(to, fallback)) });
}
