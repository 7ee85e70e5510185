// Messages on a proposal (decision 026): what the server and the page share.
import type { AttachmentItem } from "./attachments";

/** The longest message, in characters (the table's check holds the same number). */
export const MESSAGE_MAX = 4_000;

/** The part a reader plays in the thread, from the organisation they act for. */
export type ThreadParty = "owner" | "applicant" | "sponsor";

export const PARTY_LABELS: Record<ThreadParty, string> = {
  owner: "Challenge owner",
  applicant: "Applicant",
  sponsor: "Sponsor",
};

/** A message as the thread shows it. */
export interface ThreadMessage {
  id: string;
  orgName: string;
  /** Null for an organisation that is no longer a party (a team that has gone). */
  party: ThreadParty | null;
  /** The author's name, or null when their account has gone. */
  authorName: string | null;
  body: string;
  createdAt: string;
  attachment: AttachmentItem | null;
  mine: boolean;
}

/** What a proposal page says about its thread: how many messages, and how many others wrote since the viewer's organisation last did. */
export interface ThreadSummary {
  total: number;
  unanswered: number;
}
