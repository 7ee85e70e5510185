// Residents' words shared by their pages (decision 035).
export const SUGGESTION_STATUS_TAG = {
  pending: { label: "Waiting for a check", colour: "yellow" },
  published: { label: "Published", colour: "green" },
  merged: { label: "Joined with a similar one", colour: "blue" },
  declined: { label: "Not published", colour: "grey" },
} as const;

export const FEEDBACK_STATUS_TAG = {
  pending: { label: "Waiting for a check", colour: "yellow" },
  published: { label: "Published", colour: "green" },
  declined: { label: "Not published", colour: "grey" },
} as const;
