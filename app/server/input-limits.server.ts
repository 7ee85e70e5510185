// Limits on what a client may send, checked before anything else reads it (issue 11). A form or query
// string is a list of names and texts; Conform turns names such as `criteria[0].weight` into nested
// objects and arrays, so an unchecked `junk[120000000]` would materialise a 120-million-slot array and a
// name nested 10,000 levels deep would recurse 10,000 times. The limits are far above any form we have
// (the largest, a challenge with its rubric and questions, has about 120 fields) and far below harm.
// The reasons are in docs/security.md ("Input limits").

export const INPUT_LIMITS = {
  /** Fields in one form. */
  fields: 1000,
  /** Characters in one field name. */
  nameLength: 120,
  /** Largest array index in a field name (`criteria[199]`). */
  index: 199,
  /** Parts of a field name after the first (`a[0].b.c` has three). */
  depth: 4,
  /** Parameters in one query string, and characters in each value. */
  queryParams: 40,
  queryValueLength: 2_000,
  /** A URL's path and query string, in characters. */
  urlLength: 8_192,
} as const;

/** Thrown for input that breaks a limit; answered with 400 and its message. */
export class InputRefused extends Error {}

// A name is an identifier followed by `.key` or `[index]` parts: the grammar Conform reads. A key may
// start with a digit, as ours do when they are ids (`answers.3f2a…`, `scores.<criterion id>.comment`).
const NAME = /^[A-Za-z_$][\w$-]*((\.[\w$-]+)|(\[\d{1,3}\]))*$/;
const PART = /(\.[\w$-]+)|(\[(\d{1,3})\])/g;

/** What is wrong with a field name, or null. Prototype names are refused as parts: they are never ours. */
export function fieldNameProblem(name: string): string | null {
  if (name.length === 0) return "A field has no name";
  if (name.length > INPUT_LIMITS.nameLength) return `A field name is longer than ${INPUT_LIMITS.nameLength} characters`;
  if (!NAME.test(name)) return "A field name is not in a form this service uses";
  let depth = 0;
  for (const m of name.matchAll(PART)) {
    depth++;
    if (m[3] !== undefined && Number(m[3]) > INPUT_LIMITS.index) return `A list in the form has more than ${INPUT_LIMITS.index + 1} items`;
  }
  if (depth > INPUT_LIMITS.depth) return "A field name is nested too deeply";
  const parts = name.split(/[.[\]]+/).filter(Boolean);
  if (parts.some((p) => PROTOTYPE_NAMES.has(p))) return "A field name is not in a form this service uses";
  return null;
}

export const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  "__proto__", "constructor", "prototype", ...Object.getOwnPropertyNames(Object.prototype),
]);

// NUL and the other C0 controls but tab, line feed and carriage return; DEL and the C1 controls; U+FFFD,
// which is what the decoder leaves for bytes that are not UTF-8; the non-characters U+FFFE and U+FFFF;
// and unpaired surrogates, which cannot be stored as UTF-8.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BAD_TEXT = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Line breaks other than CR and LF, as some editors paste them (Word's manual line break is a vertical tab).
// eslint-disable-next-line no-control-regex -- these control characters are line breaks
const OTHER_BREAKS = /[\u000B\u000C\u0085\u2028\u2029]/g;

/** What is wrong with a text a person typed, or null. */
export function textProblem(value: string): string | null {
  if (BAD_TEXT.test(value)) {
    return value.includes("\uFFFD")
      ? "contains bytes that are not valid UTF-8 text"
      : "contains a control character (such as NUL) that cannot be saved";
  }
  return null;
}

/** Other line-break characters become line feeds, so pasted text keeps its lines and nothing else changes. */
export function normaliseText(value: string): string {
  return OTHER_BREAKS.test(value) ? value.replace(OTHER_BREAKS, "\n") : value;
}

/** Checks a query string's size, names and texts; throws InputRefused. */
export function checkQuery(url: URL): void {
  if (url.pathname.length + url.search.length > INPUT_LIMITS.urlLength) throw new InputRefused("The address is too long");
  let count = 0;
  for (const [name, value] of url.searchParams) {
    if (++count > INPUT_LIMITS.queryParams) throw new InputRefused(`The address has more than ${INPUT_LIMITS.queryParams} parameters`);
    if (name.length > INPUT_LIMITS.nameLength || textProblem(name)) throw new InputRefused("A parameter name in the address is not one this service uses");
    if (value.length > INPUT_LIMITS.queryValueLength) throw new InputRefused(`A parameter in the address is longer than ${INPUT_LIMITS.queryValueLength} characters`);
    const problem = textProblem(value);
    if (problem) throw new InputRefused(`The parameter “${name.slice(0, 40)}” ${problem}`);
  }
}

/** Texts of a route's URL parameters (`/challenges/:id`): a problem means no such page. */
export function paramsProblem(params: Record<string, string | undefined>): string | null {
  for (const value of Object.values(params)) {
    if (value !== undefined && (value.length > INPUT_LIMITS.queryValueLength || textProblem(value))) return "Page not found";
  }
  return null;
}

export interface CheckedForm {
  formData: FormData;
  /** Fields whose text cannot be accepted, with what is wrong: shown next to the field. */
  textProblems: Record<string, string>;
}

/**
 * Checks a parsed form's size and names (throws InputRefused) and its texts (reported per field, so the
 * page can say which answer to fix). Returns a copy with line breaks normalised.
 */
export function checkForm(formData: FormData): CheckedForm {
  const out = new FormData();
  const textProblems: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of formData) {
    if (++count > INPUT_LIMITS.fields) throw new InputRefused(`The form has more than ${INPUT_LIMITS.fields} fields`);
    const problem = fieldNameProblem(name);
    if (problem) throw new InputRefused(problem);
    if (typeof value === "string") {
      const textProblem_ = textProblem(value);
      if (textProblem_) textProblems[name] ??= textProblem_;
      out.append(name, normaliseText(value));
    } else {
      out.append(name, value);
    }
  }
  return { formData: out, textProblems };
}
