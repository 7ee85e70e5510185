// The one way an action reads a form: parse the body safely, validate it with zod (through Conform,
// which turns FormData names like `criteria[0].weight` into nested values), and on failure return the
// GOV.UK error summary data with the user's input, status 400.
import { parseWithZod } from "@conform-to/zod/v4";
import { json } from "@remix-run/node";
import { fieldId, type FormErrors } from "../lib/form-errors";
import type { z } from "zod";
import { badRequest } from "./http.server";

export async function readFormData(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    badRequest("Send the form as application/x-www-form-urlencoded or multipart/form-data");
  }
  try {
    return await request.formData();
  } catch {
    badRequest("The form data could not be read");
  }
}

export type Parsed<T> = { ok: true; value: T; formData: FormData } | { ok: false; errors: FormErrors; formData: FormData };

export async function parseForm<S extends z.ZodType>(request: Request, schema: S): Promise<Parsed<z.output<S>>> {
  const formData = await readFormData(request);
  return parseFormData(formData, schema);
}

export function parseFormData<S extends z.ZodType>(formData: FormData, schema: S): Parsed<z.output<S>> {
  const submission = parseWithZod(formData, { schema });
  if (submission.status === "success") return { ok: true, value: submission.value as z.output<S>, formData };
  const fields: Record<string, string> = {};
  for (const [name, messages] of Object.entries(submission.error ?? {})) {
    if (messages && messages.length > 0) fields[name || "form"] = messages[0]!;
  }
  return { ok: false, errors: toFormErrors(fields, submission.payload), formData };
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
