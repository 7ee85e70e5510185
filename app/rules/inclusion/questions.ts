// The equality and diversity monitoring questions (decision 033): each person answers for themselves, every
// question has "Prefer not to say", and the categories are the ONS 2021 Census high-level ones, so the
// city can compare them with its population. Shared by the form, the published tables and the export.
export const PREFER_NOT = "prefer_not_to_say";

export interface MonitoringQuestion {
  key: "gender" | "ethnicity" | "disability" | "age_band" | "borough";
  label: string;
  hint?: string;
  options: readonly { value: string; label: string }[];
}

const o = (value: string, label: string) => ({ value, label });
const preferNot = o(PREFER_NOT, "Prefer not to say");

const BOROUGHS = [
  "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "City of London", "Croydon", "Ealing", "Enfield",
  "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington",
  "Kensington and Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
  "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest", "Wandsworth", "Westminster",
];

export const MONITORING_QUESTIONS: readonly MonitoringQuestion[] = [
  {
    key: "gender", label: "What is your gender?",
    options: [o("woman", "Woman"), o("man", "Man"), o("non_binary", "Non-binary"), o("another", "In another way"), preferNot],
  },
  {
    key: "ethnicity", label: "What is your ethnic group?", hint: "The groups of the 2021 Census.",
    options: [
      o("asian", "Asian or Asian British"), o("black", "Black, Black British, Caribbean or African"),
      o("mixed", "Mixed or multiple ethnic groups"), o("white", "White"), o("other", "Another ethnic group"), preferNot,
    ],
  },
  {
    key: "disability", label: "Do you consider yourself to be disabled?",
    hint: "A physical or mental condition or illness that has lasted or is expected to last 12 months or more and limits your day-to-day activities.",
    options: [o("yes", "Yes"), o("no", "No"), preferNot],
  },
  {
    key: "age_band", label: "What is your age?",
    options: [o("under_25", "Under 25"), o("25_34", "25 to 34"), o("35_44", "35 to 44"), o("45_54", "45 to 54"), o("55_64", "55 to 64"), o("65_over", "65 or over"), preferNot],
  },
  {
    key: "borough", label: "Which London borough do you live in?",
    options: [...BOROUGHS.map((name) => o(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"), name)), o("outside-london", "Outside London"), preferNot],
  },
];

export type MonitoringKey = MonitoringQuestion["key"];
export type MonitoringAnswers = Record<MonitoringKey, string>;

export function answerLabel(key: MonitoringKey, value: string): string {
  return MONITORING_QUESTIONS.find((q) => q.key === key)?.options.find((opt) => opt.value === value)?.label ?? value;
}
