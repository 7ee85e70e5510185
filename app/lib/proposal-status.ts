import type { ProposalStatus } from "../../db/schema";

const TAG: Record<ProposalStatus, { label: string; colour: string }> = {
  draft: { label: "Draft", colour: "grey" },
  submitted: { label: "Submitted", colour: "blue" },
  withdrawn: { label: "Withdrawn", colour: "red" },
  under_review: { label: "Under review", colour: "purple" },
  shortlisted: { label: "Shortlisted", colour: "green" },
  not_shortlisted: { label: "Not shortlisted", colour: "orange" },
  paired: { label: "Paired", colour: "turquoise" },
  piloting: { label: "Piloting", colour: "pink" },
};

export function proposalStatusTag(status: ProposalStatus) {
  return TAG[status];
}

/** What a challenge owner is told before the deadline: a count, nothing more (app/server/challenges/sealed.server.ts). */
export function submittedSoFar(count: number): string {
  return `${count === 1 ? "1 proposal has" : `${count} proposals have`} been submitted so far.`;
}

/** Technology readiness levels, 1 to 9, in the words the proposal form and its check page use. */
export const TRL_LEVELS = [
  "Basic principles observed", "Technology concept formulated", "Experimental proof of concept", "Validated in the lab",
  "Validated in a relevant environment", "Demonstrated in a relevant environment", "Prototype demonstrated in operation",
  "System complete and qualified", "Proven in operation",
].map((label, i) => `${i + 1} – ${label}`);
