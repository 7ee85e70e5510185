// What residents' suggestions and pilot feedback may become, and who may read them (decision 035). Nothing a
// resident writes is public until the programme office publishes it: a pending or declined item is read by its
// author and the programme office only. A merged suggestion stays readable where it was public, so its old
// link says where its supporters went. Pure: the caller says who is reading and what state the item is in.

export type SuggestionStatus = "pending" | "published" | "merged" | "declined";
export type FeedbackStatus = "pending" | "published" | "declined";
export type Moderation = "publish" | "decline" | "merge";

export interface Reader {
  userId: string | null;
  isAdmin: boolean;
}

export interface Authored<S extends string> {
  status: S;
  authorId: string | null;
  /** When the item was published once (a merged suggestion that was public stays so). */
  wasPublished?: boolean;
}

/** Published things are for everyone; the rest only for the author and the programme office. */
export function canRead(item: Authored<SuggestionStatus | FeedbackStatus>, reader: Reader): boolean {
  if (item.status === "published") return true;
  if (item.status === "merged" && item.wasPublished) return true;
  if (reader.isAdmin) return true;
  return reader.userId !== null && reader.userId === item.authorId;
}

/** Visible to the public: what a listing or a count of supporters may include. */
export function isPublic(status: SuggestionStatus | FeedbackStatus): boolean {
  return status === "published";
}

export type Transition<S> = { ok: true; to: S } | { ok: false; message: string };

export const ALREADY_DECIDED = "This suggestion has already been merged or declined";
export const MERGE_TARGET_NOT_PUBLIC = "Choose a published suggestion to merge this one into";
export const MERGE_INTO_ITSELF = "A suggestion cannot be merged into itself";
export const NOT_PENDING = "This feedback has already been moderated";

/**
 * A moderation decision on a suggestion. Pending ones are published, declined or merged; a published one may
 * still be declined (after a report, say) or merged into a twin. Merged and declined are final. A suggestion
 * is merged only into another published, unmerged one.
 */
export function moderateSuggestion(
  from: SuggestionStatus, decision: Moderation, target?: { id: string; status: SuggestionStatus; selfId: string },
): Transition<SuggestionStatus> {
  if (from === "merged" || from === "declined") return { ok: false, message: ALREADY_DECIDED };
  if (decision === "publish") return from === "pending" ? { ok: true, to: "published" } : { ok: false, message: "This suggestion is already published" };
  if (decision === "decline") return { ok: true, to: "declined" };
  if (!target) return { ok: false, message: MERGE_TARGET_NOT_PUBLIC };
  if (target.id === target.selfId) return { ok: false, message: MERGE_INTO_ITSELF };
  if (target.status !== "published") return { ok: false, message: MERGE_TARGET_NOT_PUBLIC };
  return { ok: true, to: "merged" };
}

/** Feedback is published or declined once; a published piece may later be declined after a report. */
export function moderateFeedback(from: FeedbackStatus, decision: "publish" | "decline"): Transition<FeedbackStatus> {
  if (from === "declined") return { ok: false, message: NOT_PENDING };
  if (decision === "publish") return from === "pending" ? { ok: true, to: "published" } : { ok: false, message: NOT_PENDING };
  return { ok: true, to: "declined" };
}

/** Residents may leave feedback on a pilot while it runs: once its plan is approved, until it is completed. */
export function takesFeedback(pilotStatus: string): boolean {
  return pilotStatus === "approved";
}
