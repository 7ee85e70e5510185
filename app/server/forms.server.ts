// The one way an action reads a form: parse the body safely, validate it with zod (through Conform,
// which turns FormData names like `criteria[0].weight` into nested values), and on failure return the
// GOV.UK error summary data with the user's input, status 400.
import { parseWithZod } from "@conform-to/zod/v4";
import { json } from "@remix-run/node";
import { fieldId, type FormErrors } from "../lib/form-errors";
import type { z } from "zod";
import { badRequest } from "./http.server";
import { checkForm, InputRefused } from "./input-limits.server";

// Texts that broke a rule (NUL, control characters, bytes that are not UTF-8), by form, so that
// parseFormData can show each next to its field. Kept beside the FormData rather than in it.
const textProblemsOf = new WeakMap<FormData, Record<string, string>>();

/**
 * The body of a form, checked against the input limits (number of fields, names, list indices, nesting)
 * before anything else reads it: a form that breaks one is refused with 400 and what was wrong.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    badRequest("Send the form as application/x-www-form-urlencoded or multipart/form-data");
  }
  let raw: FormData;
  try {
    raw = await request.formData();
  } catch {
    badRequest("The form data could not be read");
  }
  try {
    const { formData, textProblems } = checkForm(raw);
    textProblemsOf.set(formData, textProblems);
    return formData;
  } catch (error) {
    if (error instanceof InputRefused) badRequest(`${error.message}. Go back to the form and try again.`);
    throw error;
  }
}

export type Parsed<T> = { ok: true; value: T; formData: FormData } | { ok: false; errors: FormErrors; formData: FormData };

export async function parseForm<S extends z.ZodType>(request: Request, schema: S): Promise<Parsed<z.output<S>>> {
  const formData = await readFormData(request);
  return parseFormData(formData, schema);
}

export function parseFormData<S extends z.ZodType>(formData: FormData, schema: S): Parsed<z.output<S>> {
  const submission = parseWithZod(formData, { schema });
  const known = schemaFieldNames(schema);
  const fields: Record<string, string> = {};
  // A text that cannot be saved is an error of its field, whatever the schema says of it.
  for (const [name, problem] of Object.entries(textProblemsOf.get(formData) ?? {})) {
    if (known === null || known.has(topLevelName(name))) fields[name] = `This answer ${problem}: remove it and try again`;
  }
  if (submission.status === "success" && Object.keys(fields).length === 0) {
    return { ok: true, value: submission.value as z.output<S>, formData };
  }
  const errors: Record<string, string[] | null> = submission.status === "error" ? (submission.error ?? {}) : {};
  for (const [name, messages] of Object.entries(errors)) {
    if (messages && messages.length > 0) fields[name || "form"] ??= messages[0]!;
  }
  // Only the fields this form has go back to the page: nothing else a client sent is echoed.
  const values = known === null ? submission.payload : Object.fromEntries(Object.entries(submission.payload).filter(([k]) => known.has(k)));
  return { ok: false, errors: toFormErrors(fields, values), formData };
}

function topLevelName(name: string): string {
  return name.split(/[.[]/, 1)[0]!;
}

/** The top-level field names a schema reads, or null when it is not built from objects. */
export function schemaFieldNames(schema: z.ZodType): Set<string> | null {
  const names = new Set<string>();
  const visit = (s: z.ZodType): boolean => {
    const def = (s as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; options?: z.ZodType[]; left?: z.ZodType; right?: z.ZodType; in?: z.ZodType; innerType?: z.ZodType; schema?: z.ZodType } }).def;
    switch (def.type) {
      case "object":
        for (const k of Object.keys(def.shape ?? {})) names.add(k);
        return true;
      case "union":
        return (def.options ?? []).every(visit);
      case "intersection":
        return visit(def.left!) && visit(def.right!);
      case "pipe":
        return visit(def.in!);
      case "optional": case "nullable": case "default": case "prefault": case "catch": case "readonly":
        return visit(def.innerType!);
      default:
        return false;
    }
  };
  return visit(schema) ? names : null;
}

export function toFormErrors(fields: Record<string, string>, values: Record<string, unknown>): FormErrors {
  // Passwords are never echoed back into the page or its data.
  values = Object.fromEntries(Object.entries(values ?? {}).filter(([k]) => !/password/i.test(k)));
  return {
    summary: Object.entries(fields).map(([name, text]) => ({ text, href: `#${fieldId(name)}` })),
    fields,
    values,
  };
}

export function invalid(errors: FormErrors) {
  return json({ errors }, { status: 400 });
}

/** A single error not tied to parsing (e.g. "that email is taken"), keeping what the user typed. */
export function fieldError(name: string, text: string, formData: FormData) {
  return invalid(toFormErrors({ [name]: text }, formValues(formData)));
}

/** What the user typed, keyed by field name; repeated names (checkboxes) become arrays. Files are left out. */
export function formValues(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}
