// Two-stage calls (decision 032), as Horizon Europe and Submittable run them: stage one takes short expressions
// of interest until the EOI deadline; the owner then invites some to stage two, whose full proposals are due at
// the challenge's closing date. Pure: the caller gives the dates, the proposal's state and the time.

export type CallPhase = "single" | "eoi" | "stage-two";

/** Which stage a call is in: a one-stage call is "single" throughout. */
export function callPhase(eoiClosesAt: Date | null, now: Date): CallPhase {
  if (eoiClosesAt === null) return "single";
  return now < eoiClosesAt ? "eoi" : "stage-two";
}

export type StageTwo = "invited" | "not_invited" | null;

/** What a start-up may do with its proposal now: write the full proposal, only its expression of interest, or nothing. */
export type Editing = { mode: "full" | "eoi" } | { mode: "none"; reason: string };

export const NOT_INVITED = "The public body did not invite this proposal to stage two, so it can no longer be changed or submitted";
export const AWAITING_DECISION = "The expression of interest stage has closed. The public body is choosing whom to invite to stage two, and you will be told by email";
export const NO_EOI = "This proposal did not send an expression of interest before the stage one deadline, so it cannot go on to stage two";
export const EOI_CLOSED = "The expression of interest stage has closed, so new proposals cannot be started";

export function editing(phase: CallPhase, p: { stageTwo: StageTwo; eoiSent: boolean; decided: boolean }): Editing {
  if (phase === "single") return { mode: "full" };
  if (phase === "eoi") return { mode: "eoi" };
  if (p.stageTwo === "invited") return { mode: "full" };
  if (p.stageTwo === "not_invited") return { mode: "none", reason: NOT_INVITED };
  // Every EOI sent gets a decision, so after the decision a proposal without one sent none.
  return { mode: "none", reason: p.eoiSent && !p.decided ? AWAITING_DECISION : NO_EOI };
}

/** Whether a new proposal may start: not once stage one has closed (stage two is by invitation). */
export function mayStart(phase: CallPhase): boolean {
  return phase !== "stage-two";
}

/**
 * The owner's choice of whom to invite: only expressions of interest that were sent, at least one, and said once.
 * Returns the refusal, or null when the decision may be recorded.
 */
export function decisionRefusal(
  c: { phase: CallPhase; decided: boolean; closed: boolean }, sent: readonly string[], invited: readonly string[],
): string | null {
  if (c.phase === "single") return "This challenge has one stage";
  if (c.phase === "eoi") return "You can choose whom to invite once the expression of interest stage has closed";
  if (c.decided) return "You have already chosen whom to invite to stage two";
  if (c.closed) return "Stage two has closed";
  if (invited.length === 0) return "Select at least one expression of interest to invite to stage two";
  if (invited.some((id) => !sent.includes(id))) return "Select only expressions of interest sent to this challenge";
  return null;
}

export interface ProposalStage {
  phase: CallPhase;
  mode: Editing["mode"];
  reason: string | null;
  eoiClosesAt: Date | string | null;
  eoiSentAt: Date | string | null;
  stageTwo: StageTwo;
  /** The owner's message to those not invited, shown only to them. */
  message: string | null;
}

/** Where a proposal stands in its call, for its applicant's page. */
export function proposalStage(
  p: { eoi_closes_at: Date | string | null; stage_two_decided_at: Date | string | null; stage_two_message: string; eoi_submitted_at: Date | string | null; stage_two: StageTwo },
  now: Date,
): ProposalStage {
  const phase = callPhase(p.eoi_closes_at === null ? null : new Date(p.eoi_closes_at), now);
  const may = editing(phase, { stageTwo: p.stage_two, eoiSent: p.eoi_submitted_at !== null, decided: p.stage_two_decided_at !== null });
  return {
    phase, mode: may.mode, reason: may.mode === "none" ? may.reason : null,
    eoiClosesAt: p.eoi_closes_at, eoiSentAt: p.eoi_submitted_at, stageTwo: p.stage_two,
    message: p.stage_two === "not_invited" ? p.stage_two_message : null,
  };
}
