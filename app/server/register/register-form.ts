// The register entry form (decision 034): what a pilot's team declares about a dataset. The register is
// public, so its words name organisations and roles, never people: a text with an e-mail address in it is
// refused next to its field. Legal basis and DPIA are asked only of a dataset with personal data.
import { z } from "zod";
import { idField } from "../../lib/ids";
import { ukDay } from "../../lib/pilots";
import { TEXT_LIMITS } from "../../lib/field-limits";
import { dayField, requiredText } from "../../lib/validation";
import { LEGAL_BASES, type Declaration } from "../../rules/register/entry";

// Linear on any input: one character before the @ is enough to say an address is there (no backtracking runs).
const EMAIL_ADDRESS = /[\p{L}\p{N}._%+'’-]@[\p{L}\p{N}-]+\.[\p{L}\p{N}]/u;
const NO_PEOPLE = "The register is public: name organisations or teams, not people, and remove the email address";

// An answer over its limit already has its message; it is not searched.
const publicText = (what: string, max: number) => requiredText(what, max).refine((v) => v.length > max || !EMAIL_ADDRESS.test(v), NO_PEOPLE);
const L = TEXT_LIMITS.register;
const yesNo = (message: string) => z.enum(["yes", "no"], { error: message });
const dpiaDay = dayField("date of the DPIA", "start").transform(ukDay)
  .refine((d) => d <= ukDay(new Date()), "The date of the DPIA must be today or in the past");

export const registerEntrySchema = z.object({
  entryId: idField("Choose a register entry").optional(),
  dataset: publicText("the name of the dataset", 200),
  ownerOrganisation: publicText("the organisation that owns the data", 200),
  description: publicText("a description of the data", L.description),
  personalData: yesNo("Choose whether the dataset holds personal data"),
  purpose: publicText("what the pilot uses the data for", L.purpose),
  legalBasis: z.enum(LEGAL_BASES, { error: "Choose the lawful basis for using the personal data" }).optional(),
  retention: publicText("how long the data is kept", L.retention),
  dpiaDone: yesNo("Choose whether a DPIA has been done").optional(),
  // Read only when a DPIA has been done (superRefine below).
  dpiaOn: z.unknown().optional(),
  access: publicText("who may access the data", L.access),
}).transform((v, ctx): { entryId?: string } & Declaration => {
  const personalData = v.personalData === "yes";
  if (personalData && !v.legalBasis) ctx.addIssue({ code: "custom", path: ["legalBasis"], message: "Choose the lawful basis for using the personal data" });
  if (personalData && !v.dpiaDone) ctx.addIssue({ code: "custom", path: ["dpiaDone"], message: "Choose whether a DPIA has been done" });
  const dpiaDone = personalData && v.dpiaDone === "yes";
  let dpiaOn: string | null = null;
  if (dpiaDone) {
    const parsed = dpiaDay.safeParse(v.dpiaOn);
    if (parsed.success) dpiaOn = parsed.data;
    else ctx.addIssue({ code: "custom", path: ["dpiaOn"], message: parsed.error.issues[0]?.message ?? "Enter the date of the DPIA" });
  }
  return {
    entryId: v.entryId,
    dataset: v.dataset, ownerOrganisation: v.ownerOrganisation, description: v.description, personalData, purpose: v.purpose,
    legalBasis: personalData ? v.legalBasis ?? null : null, retention: v.retention, dpiaDone, dpiaOn, access: v.access,
  };
});

export const approveVersionSchema = z.object({
  entryId: idField("Choose a register entry"),
  version: z.number({ error: "Choose the version to approve" }).int().min(1).max(1_000_000),
});

export type RegisterEntryInput = z.output<typeof registerEntrySchema>;
export type ApproveVersionInput = z.output<typeof approveVersionSchema>;
