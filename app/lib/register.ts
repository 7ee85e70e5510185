// Data-register words shared by pages and server (decision 034): the Article 6 bases as people read them,
// each field's label for the history, and the version tags.
import type { LegalBasis, VersionStatus } from "../rules/register/entry";
import type { DeclarationField } from "../rules/register/history";

export const LEGAL_BASIS_LABEL: Record<LegalBasis, string> = {
  consent: "Consent (Article 6(1)(a))",
  contract: "Contract (Article 6(1)(b))",
  legal_obligation: "Legal obligation (Article 6(1)(c))",
  vital_interests: "Vital interests (Article 6(1)(d))",
  public_task: "Public task (Article 6(1)(e))",
  legitimate_interests: "Legitimate interests (Article 6(1)(f))",
};

export const FIELD_LABEL: Record<DeclarationField, string> = {
  dataset: "Dataset",
  ownerOrganisation: "Owner organisation",
  description: "Description",
  personalData: "Personal data",
  purpose: "Purpose",
  legalBasis: "Legal basis",
  retention: "Retention",
  dpiaDone: "DPIA done",
  dpiaOn: "DPIA date",
  access: "Who may access it",
};

export const VERSION_TAG: Record<VersionStatus, { label: string; colour: string }> = {
  pending: { label: "Waiting for approval", colour: "yellow" },
  approved: { label: "Approved", colour: "green" },
};

export const PERSONAL_DATA_TAG = {
  yes: { label: "Personal data", colour: "orange" },
  no: { label: "No personal data", colour: "grey" },
} as const;
