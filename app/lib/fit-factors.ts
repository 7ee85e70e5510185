// How a pair's fit is explained to people: the five factors and their default weights (app/rules/pairing/fit.ts).
export const FIT_FACTOR_LABELS: Record<string, string> = {
  score: "Judges' calibrated score",
  preferences: "Sponsor's preferences (themes, topics)",
  needs: "Sponsor's offer meets the start-up's needs",
  readiness: "Technology readiness in the sponsor's range",
  area: "Area",
};
