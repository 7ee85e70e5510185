// What a person sees as a challenge's status, and its words. The status itself is computed by the database,
// on its clock, by the one rule in app/server/challenges/open-rule.server.ts.
import { own } from "./own";
export type EffectiveChallengeStatus =
  | "draft" | "upcoming" | "open" | "closed" | "judging" | "shortlisted" | "paired" | "piloting" | "completed" | "cancelled";

export const PUBLIC_STATUS_FILTERS: { value: EffectiveChallengeStatus; label: string }[] = [
  { value: "open", label: "Open for proposals" },
  { value: "upcoming", label: "Opening soon" },
  { value: "closed", label: "Closed" },
  { value: "judging", label: "Judging" },
  { value: "shortlisted", label: "Shortlisted" },
  { value: "paired", label: "Teams paired" },
  { value: "piloting", label: "Piloting" },
  { value: "completed", label: "Completed" },
];

const TAG: Record<EffectiveChallengeStatus, { label: string; colour: string }> = {
  draft: { label: "Draft", colour: "grey" },
  upcoming: { label: "Opening soon", colour: "light-blue" },
  open: { label: "Open", colour: "green" },
  closed: { label: "Closed", colour: "orange" },
  judging: { label: "Judging", colour: "purple" },
  shortlisted: { label: "Shortlisted", colour: "turquoise" },
  paired: { label: "Teams paired", colour: "blue" },
  piloting: { label: "Piloting", colour: "pink" },
  completed: { label: "Completed", colour: "grey" },
  cancelled: { label: "Cancelled", colour: "red" },
};

export function challengeStatusTag(status: EffectiveChallengeStatus) {
  return own(TAG, status) ?? { label: status, colour: "grey" };
}
