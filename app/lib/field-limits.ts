// The longest answer each long text field takes, in characters: read by the form's rules on the server
// and by its field on the page (GOV.UK character count), so the page states the limit the server enforces.
export const TEXT_LIMITS = {
  challenge: { summary: 600, problemStatement: 10_000, eligibilityQuestions: 5_000 },
  // The clarifications table's checks (its migration) hold the same numbers.
  clarification: { question: 2_000, answer: 5_000 },
  // The proposals table's check (migration 2026-12-03T1300_screening) holds the same number.
  screening: { reason: 1_000 },
  proposal: { summary: 1_000, approach: 10_000, expectedImpact: 5_000, team: 3_000, answer: 3_000 },
  review: { comment: 5_000, criterionComment: 2_000, recusalReason: 500 },
  // As the checks of migration 2026-12-03T1100_consensus.
  panel: { message: 2_000, consensusSummary: 5_000, consensusComment: 2_000 },
  judge: { expertise: 3_000, conflictNote: 500 },
  sponsorship: { note: 2_000 },
  pilot: { evidence: 2_000, measurementNote: 1_000, queryNote: 1_000, changeReason: 1_000 },
  // As the checks of migration 2026-12-03T1800_data_register.
  register: { description: 2_000, purpose: 1_000, retention: 500, access: 1_000 },
  organisation: { description: 2_000 },
  theme: { description: 500 },
  // As GOV.UK's own feedback form. The feedback table's check (its migration) holds the same number.
  feedback: { improvement: 1_200 },
  // As the checks of migration 2026-12-03T1900_residents.
  residents: { title: 120, description: 3_000, reason: 1_000, feedback: 2_000, answer: 2_000, report: 1_000 },
} as const;

// The shortest answer a proposal needs before it can be submitted (drafts take anything), in characters:
// read by missingForSubmission, the proposal's task list and the fields' hints, so the hint states the rule
// the server checks before anyone breaks it.
export const PROPOSAL_MINIMUMS = { title: 5, summary: 20, approach: 50, expectedImpact: 20, team: 10 } as const;
export const PROPOSAL_TITLE_MAX = 150;
