// The one way a command says "no" to a request it understood: a business rule broken (the deadline has
// passed, the offer is decided, the plan is approved…). It carries the message for the user and, where the
// command knows it, the form field it belongs next to; the page says where the others go. Routes never
// catch these by hand: `withRuleErrors` turns one into the GOV.UK error summary and field message, with
// what the user typed kept. Anything else a command throws is a fault and stays a 4xx/5xx response.
import { json } from "@remix-run/node";
import type { FormErrors } from "../lib/form-errors";
import { toFormErrors } from "./forms.server";

export class RuleError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = "RuleError";
  }
}

interface RuleErrorOptions<P extends string | undefined> {
  /** What the user typed, echoed back into the form. */
  values?: Record<string, unknown>;
  /** Where an error that names no field of its own is shown (default "form", the summary only). */
  field?: string;
  /** The part of a page with several forms the errors belong to (`actionData.part`). */
  part?: P;
}

/** Runs a command; a rule it breaks becomes a 400 with field errors, with the input kept. */
export async function withRuleErrors<T, P extends string | undefined = undefined>(
  run: () => Promise<T>,
  { values = {}, field = "form", part }: RuleErrorOptions<P> = {},
) {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    const errors = toFormErrors({ [error.field ?? field]: error.message }, values);
    return json<{ errors: FormErrors; part?: P }>(part === undefined ? { errors } : { errors, part }, { status: 400 });
  }
}
