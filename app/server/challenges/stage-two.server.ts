// Stage two of a two-stage call (decision 032): once stage one has closed, the owner reads the expressions of
// interest sent and chooses, once, whom to invite to write a full proposal; everyone is told, those not invited
// with the owner's message. Each decision is audited on its proposal, in one transaction with the notices.
import { sql } from "kysely";
import { audit, auditProposalViews } from "../audit.server";
import type { Actor } from "../auth.server";
import { db } from "../connections.server";
import { messages, notifyOrgMembers } from "../notifications.server";
import { RuleError } from "../rule-error.server";
import { callPhase, decisionRefusal } from "../../rules/challenges/two-stage";

export interface StageTwoCall {
  phase: ReturnType<typeof callPhase>;
  eoiClosesAt: Date | null;
  closesAt: Date;
  decidedAt: Date | null;
  message: string;
}

async function callOf(challengeId: string): Promise<StageTwoCall | null> {
  const c = await db().selectFrom("challenges")
    .select(["eoi_closes_at", "closes_at", "stage_two_decided_at", "stage_two_message", sql<Date>`now()`.as("now")])
    .where("id", "=", challengeId).executeTakeFirst();
  if (!c) return null;
  const eoi = c.eoi_closes_at === null ? null : new Date(c.eoi_closes_at);
  return {
    phase: callPhase(eoi, new Date(c.now)), eoiClosesAt: eoi, closesAt: new Date(c.closes_at),
    decidedAt: c.stage_two_decided_at === null ? null : new Date(c.stage_two_decided_at), message: c.stage_two_message,
  };
}

/**
 * The call's stages and, once stage one has closed, the expressions of interest sent (before that, only how many:
 * they are sealed until their deadline, like proposals). Reading them is recorded as the owner's view.
 */
export async function readExpressions(request: Request, actor: Actor, challenge: { id: string; org_id: string }) {
  const call = await callOf(challenge.id);
  if (!call || call.phase === "single") return null;
  const sent = db().selectFrom("proposals").where("challenge_id", "=", challenge.id).where("eoi_submitted_at", "is not", null);
  if (call.phase === "eoi") {
    const { n } = await sent.select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
    return { call, count: Number(n), expressions: [] };
  }
  const expressions = await sent.innerJoin("organisations", "organisations.id", "proposals.org_id")
    .select(["proposals.id", "proposals.title", "proposals.summary", "proposals.eoi_submitted_at", "proposals.stage_two", "proposals.status", "organisations.name as org_name"])
    .orderBy("proposals.eoi_submitted_at").execute();
  await auditProposalViews(request, expressions.map((e) => e.id), actor.user.isAdmin && actor.org?.orgId !== challenge.org_id ? "admin" : "challenge owner");
  return { call, count: expressions.length, expressions };
}

/** Records whom to invite; false when the challenge is not there. Refusals (too early, said already) are RuleErrors. */
export async function decideStageTwo(request: Request, challengeId: string, input: { invited: string[]; message: string }): Promise<boolean> {
  return db().transaction().execute(async (tx) => {
    const c = await tx.selectFrom("challenges")
      .select(["id", "title", "closes_at", "eoi_closes_at", "stage_two_decided_at", sql<Date>`now()`.as("now")])
      .where("id", "=", challengeId).forUpdate().executeTakeFirst();
    if (!c) return false;
    const now = new Date(c.now);
    const sent = await tx.selectFrom("proposals").select(["id", "org_id", "title"])
      .where("challenge_id", "=", challengeId).where("eoi_submitted_at", "is not", null).forUpdate().execute();
    const refusal = decisionRefusal({
      phase: callPhase(c.eoi_closes_at === null ? null : new Date(c.eoi_closes_at), now),
      decided: c.stage_two_decided_at !== null, closed: new Date(c.closes_at) <= now,
    }, sent.map((p) => p.id), input.invited);
    if (refusal) throw new RuleError(refusal, "invited");
    await tx.updateTable("challenges").set({ stage_two_decided_at: sql`now()`, stage_two_message: input.message, updated_at: sql`now()` })
      .where("id", "=", challengeId).execute();
    for (const p of sent) {
      const invited = input.invited.includes(p.id);
      await tx.updateTable("proposals").set({ stage_two: invited ? "invited" : "not_invited", updated_at: sql`now()` }).where("id", "=", p.id).execute();
      await audit(tx, request, {
        action: invited ? "proposal.invited_to_stage_two" : "proposal.not_invited_to_stage_two",
        subject: { type: "proposal", id: p.id, orgId: p.org_id }, detail: { challengeId },
      });
      const m = { proposalId: p.id, proposalTitle: p.title, challengeTitle: c.title };
      await notifyOrgMembers(tx, p.org_id, {
        kind: "stage_two_decision",
        ...(invited ? messages.invitedToStageTwo({ ...m, closesAt: new Date(c.closes_at) }) : messages.notInvitedToStageTwo({ ...m, message: input.message })),
      });
    }
    return true;
  });
}
