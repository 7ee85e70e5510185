// The fields of a complete proposal form, as the proposal page posts them; tests override what they vary.
export function completeProposalForm(
  questionId: string | null,
  intent: "save" | "check" | "submit" = "submit",
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    intent,
    title: "School Streets sensor network",
    summary: "Low-cost sensors outside every primary school, with live alerts for parents.",
    approach: "We install sensors at twenty schools, publish the data openly and work with parents to plan quieter routes.",
    expectedImpact: "A measurable fall in children's exposure to nitrogen dioxide.",
    team: "Three engineers and a public health researcher.",
    requestedGbp: "45000",
    trl: "6",
    tags: "sensors, air quality",
    ...(questionId ? { [`answers.${questionId}`]: "Yes, registered in England." } : {}),
    ...overrides,
  };
}
