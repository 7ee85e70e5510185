// How a judge can be connected to an organisation; shared by the form (browser) and validation (server).
export const RELATIONS = [
  { value: "works_for", label: "I work for it" },
  { value: "advises", label: "I advise it" },
  { value: "holds_stake", label: "I hold a stake in it" },
  { value: "other", label: "Another conflict" },
] as const;
