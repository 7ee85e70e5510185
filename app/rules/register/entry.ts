// Pure: what a pilot declares about a dataset in its data-sharing register (decision 034), and the one rule
// every part of the register shares: personal data needs a DPIA, done and dated.

/** UK GDPR Article 6(1), (a) to (f), in the order of the Article. */
export const LEGAL_BASES = ["consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** One declaration about a dataset: what a version of a register entry says. Days are YYYY-MM-DD. */
export interface Declaration {
  dataset: string;
  ownerOrganisation: string;
  description: string;
  personalData: boolean;
  purpose: string;
  /** Null only when the dataset holds no personal data. */
  legalBasis: LegalBasis | null;
  retention: string;
  dpiaDone: boolean;
  dpiaOn: string | null;
  access: string;
}

export type VersionStatus = "pending" | "approved";

export interface Version extends Declaration {
  version: number;
  status: VersionStatus;
}

/** Whether a declaration shows what the law asks before personal data is used: a DPIA done, with its date. */
export function hasDpiaIfNeeded(d: Pick<Declaration, "personalData" | "dpiaDone" | "dpiaOn">): boolean {
  return !d.personalData || (d.dpiaDone && d.dpiaOn !== null);
}
