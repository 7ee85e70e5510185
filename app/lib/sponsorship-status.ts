// A sponsorship offer's status as its corporate reads it.
export type SponsorshipStatus = "offered" | "accepted" | "declined" | "withdrawn";

const TAG: Record<SponsorshipStatus, { label: string; colour: string }> = {
  offered: { label: "Waiting for the owner", colour: "blue" },
  accepted: { label: "Accepted", colour: "green" },
  declined: { label: "Declined", colour: "red" },
  withdrawn: { label: "Withdrawn", colour: "blue" },
};

export function sponsorshipTag(status: SponsorshipStatus) {
  return TAG[status];
}
