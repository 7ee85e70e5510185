// Reusable zod pieces for our forms, with messages written the GOV.UK way (say what to do, not what went wrong).
import { z } from "zod";
import { endOfLondonDay, isRealDate, startOfLondonDay } from "./dates";

export const requiredText = (what: string, max: number, min = 1) =>
  requiredTextSaying({
    enter: `Enter ${what}`,
    tooShort: `${capitalise(what)} must be ${count(min)} characters or more`,
    tooLong: `${capitalise(what)} must be ${count(max)} characters or fewer`,
  }, max, min);

/** A required text field with its three messages given, e.g. in the reader's language (decision 042). */
export const requiredTextSaying = (say: { enter: string; tooShort: string; tooLong: string }, max: number, min = 1) =>
  z
    .string({ error: say.enter })
    .trim()
    .min(min, min > 1 ? say.tooShort : say.enter)
    .max(max, say.tooLong);

export const optionalText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${capitalise(what)} must be ${count(max)} characters or fewer`)
    .optional()
    .transform((v) => v ?? "");

export const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `Enter ${what}` : `${capitalise(what)} must be a whole number`) })
    .int(`${capitalise(what)} must be a whole number`)
    .min(min, `${capitalise(what)} must be ${min.toLocaleString("en-GB")} or more`)
    .max(max, `${capitalise(what)} must be ${max.toLocaleString("en-GB")} or less`);

const count = (n: number) => n.toLocaleString("en-GB");

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** GOV.UK date input (day, month, year as text) → a Date at the start or end of that day in UK time. */
export const dayField = (what: string, at: "start" | "end") =>
  z
    .object({ day: z.string().optional(), month: z.string().optional(), year: z.string().optional() })
    .optional()
    .transform((v, ctx) => {
      const parts = [v?.day, v?.month, v?.year].map((p) => (p ?? "").trim());
      if (parts.every((p) => p === "")) {
        ctx.addIssue({ code: "custom", message: `Enter the ${what}` });
        return z.NEVER;
      }
      const missing = (["day", "month", "year"] as const).filter((_, i) => parts[i] === "");
      if (missing.length) {
        ctx.addIssue({ code: "custom", message: `The ${what} must include a ${missing.join(" and ")}` });
        return z.NEVER;
      }
      if (!parts.every((p) => /^\d+$/.test(p))) {
        ctx.addIssue({ code: "custom", message: `The ${what} must be a real date, like 27 3 2027` });
        return z.NEVER;
      }
      const [d, m, y] = parts.map(Number) as [number, number, number];
      if (y < 2000 || y > 2100 || !isRealDate(y, m, d)) {
        ctx.addIssue({ code: "custom", message: `The ${what} must be a real date, like 27 3 2027` });
        return z.NEVER;
      }
      return at === "start" ? startOfLondonDay(y, m, d) : endOfLondonDay(y, m, d);
    });

/** Tags typed as a comma-separated list: trimmed, lower-cased, de-duplicated. */
export const tagList = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => [...new Set((v ?? "").split(",").map((t) => t.trim().toLowerCase()).filter(Boolean))])
    .refine((tags) => tags.length <= max, `Enter ${max} tags or fewer`)
    .refine((tags) => tags.every((t) => t.length <= 40), "Each tag must be 40 characters or fewer");
