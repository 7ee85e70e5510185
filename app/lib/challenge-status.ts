// What a person sees as a challenge's status. The stored status says how far the programme has taken it;
// while it is merely "published", its dates decide whether it is upcoming, open or closed, so a challenge
// opens and closes exactly on time without waiting for a scheduled job.
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

export function effectiveStatus(stored: string, opensAt: Date | string, closesAt: Date | string, now = new Date()): EffectiveChallengeStatus {
  if (stored !== "published") return stored as EffectiveChallengeStatus;
  if (now < new Date(opensAt)) return "upcoming";
  if (now < new Date(closesAt)) return "open";
  return "closed";
}

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
