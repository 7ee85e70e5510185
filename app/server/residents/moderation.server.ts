// The programme office's moderation of what residents write (decision 035): suggestions are published,
// merged into a twin or declined with a reason; pilot feedback is published or declined with a reason; reports
// of abuse from any reader are dealt with here too. Each decision is one transaction with its audit row and
// its notice to the author, under the item's row lock, so two moderators cannot both decide it.
import { sql } from "kysely";
import type { DB } from "../../../db/client";
import { moderateFeedback as feedbackRule, moderateSuggestion as suggestionRule } from "../../rules/residents/moderation";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { notFound } from "../http.server";
import { appUrl, notify } from "../notifications.server";
import { RuleError } from "../rule-error.server";

export interface Moderator { userId: string }

export type SuggestionDecision =
  | { decision: "publish" }
  | { decision: "decline"; reason: string }
  | { decision: "merge"; targetId: string };

export async function moderateSuggestion(request: Request, m: Moderator, suggestionId: string, d: SuggestionDecision): Promise<void> {
  await db().transaction().execute(async (tx) => {
    // Both rows of a merge are locked in one order, so two merges of a pair cannot deadlock.
    const ids = d.decision === "merge" ? [suggestionId, d.targetId].sort() : [suggestionId];
    const rows = await tx.selectFrom("suggestions").select(["id", "status", "author_id", "title"])
      .where("id", "in", ids).orderBy("id").forUpdate().execute();
    const s = rows.find((r) => r.id === suggestionId);
    if (!s) notFound();
    const target = d.decision === "merge" ? rows.find((r) => r.id === d.targetId) : undefined;
    const rule = suggestionRule(s.status, d.decision, target ? { id: target.id, status: target.status, selfId: s.id } : undefined);
    if (!rule.ok) throw new RuleError(rule.message, d.decision === "merge" ? "targetId" : "decision");

    await tx.updateTable("suggestions").set({
      status: rule.to,
      moderated_by: m.userId,
      moderated_at: sql`now()`,
      published_at: rule.to === "published" ? sql`coalesce(published_at, now())` : sql`published_at`,
      decline_reason: d.decision === "decline" ? d.reason : null,
      merged_into: d.decision === "merge" ? d.targetId : null,
    }).where("id", "=", s.id).execute();
    if (d.decision === "merge") await moveSupports(tx, s.id, d.targetId);

    await audit(tx, request, {
      action: "suggestion.moderated", subject: { type: "suggestion", id: s.id },
      detail: { decision: d.decision, ...(d.decision === "merge" ? { into: d.targetId } : {}) },
    });
    if (s.author_id) {
      const notice = suggestionNotice(s.title, d, target?.title ?? "");
      await notify(tx, {
        userId: s.author_id, kind: "resident_moderated", dedupeKey: `suggestion-moderated:${s.id}:${d.decision}`,
        subject: notice.subject, body: `${notice.body}\n${appUrl(`/suggestions/${d.decision === "merge" ? d.targetId : s.id}`)}`,
      });
    }
  });
}

/**
 * A merge moves every support to the suggestion it joins: an account that supported both is counted once
 * there (the primary key), and none is left on the merged one.
 */
async function moveSupports(tx: DB, fromId: string, toId: string) {
  await tx.insertInto("suggestion_supports").columns(["suggestion_id", "user_id", "created_at"])
    .expression((eb) => eb.selectFrom("suggestion_supports").select([sql.val(toId).as("suggestion_id"), "user_id", "created_at"]).where("suggestion_id", "=", fromId))
    .onConflict((oc) => oc.columns(["suggestion_id", "user_id"]).doNothing()).execute();
  await tx.deleteFrom("suggestion_supports").where("suggestion_id", "=", fromId).execute();
}

function suggestionNotice(title: string, d: SuggestionDecision, targetTitle: string) {
  switch (d.decision) {
    case "publish":
      return { subject: "Your suggestion is published", body: `Your suggestion "${title}" is now public. Other people can read it and support it.` };
    case "merge":
      return { subject: "Your suggestion joins a similar one", body: `Your suggestion "${title}" is very like "${targetTitle}". We have put them together. Its supporters now support "${targetTitle}".` };
    case "decline":
      return { subject: "Your suggestion was not published", body: `We did not publish your suggestion "${title}". The reason:\n${d.reason}` };
  }
}

export type FeedbackDecision = { decision: "publish" } | { decision: "decline"; reason: string };

export async function moderateFeedback(request: Request, m: Moderator, feedbackId: string, d: FeedbackDecision): Promise<void> {
  await db().transaction().execute(async (tx) => {
    const f = await tx.selectFrom("pilot_feedback").select(["id", "status", "author_id", "pilot_id"]).where("id", "=", feedbackId).forUpdate().executeTakeFirst();
    if (!f) notFound();
    const rule = feedbackRule(f.status, d.decision);
    if (!rule.ok) throw new RuleError(rule.message, "decision");
    await tx.updateTable("pilot_feedback").set({
      status: rule.to, moderated_by: m.userId, moderated_at: sql`now()`, decline_reason: d.decision === "decline" ? d.reason : null,
    }).where("id", "=", f.id).execute();
    await audit(tx, request, { action: "feedback.moderated", subject: { type: "pilot", id: f.pilot_id }, detail: { feedback: f.id, decision: d.decision } });
    if (f.author_id) {
      await notify(tx, {
        userId: f.author_id, kind: "resident_moderated", dedupeKey: `feedback-moderated:${f.id}:${d.decision}`,
        subject: d.decision === "publish" ? "Your feedback on a pilot is published" : "Your feedback on a pilot was not published",
        body: d.decision === "publish"
          ? `Your feedback is now public on the pilot's page. The pilot team can answer it.\n${appUrl(`/pilots/${f.pilot_id}#feedback`)}`
          : `We did not publish your feedback on a pilot. The reason:\n${d.reason}`,
      });
    }
  });
}

export type ReportTarget = { suggestionId: string } | { feedbackId: string };

/** A report of abuse from any reader, a visitor too (`reporterId` null). Only what they may read can be reported. */
export async function reportContent(request: Request, reporterId: string | null, target: ReportTarget, reason: string): Promise<string> {
  return db().transaction().execute(async (tx) => {
    const { id } = await tx.insertInto("content_reports").values({
      ...("suggestionId" in target ? { suggestion_id: target.suggestionId } : { feedback_id: target.feedbackId }),
      reporter_id: reporterId, reason,
    }).returning("id").executeTakeFirstOrThrow();
    const subject = "suggestionId" in target
      ? { type: "suggestion" as const, id: target.suggestionId }
      : { type: "pilot" as const, id: (await tx.selectFrom("pilot_feedback").select("pilot_id").where("id", "=", target.feedbackId).executeTakeFirstOrThrow()).pilot_id };
    await audit(tx, request, { action: "content.reported", subject, detail: { report: id } }, { userId: reporterId, orgId: null });
    return id;
  });
}

/** The programme office dismisses a report, or upholds it: the item reported is then declined with the reason given. */
export async function resolveReport(request: Request, m: Moderator, reportId: string, outcome: { uphold: false } | { uphold: true; reason: string }): Promise<void> {
  const report = await db().selectFrom("content_reports").select(["id", "status", "suggestion_id", "feedback_id"]).where("id", "=", reportId).executeTakeFirst();
  if (!report) notFound();
  if (report.status !== "open") throw new RuleError("This report has already been dealt with", "decision");
  if (outcome.uphold) {
    // Declining is its own audited decision (and tells the author); the report is closed after it.
    try {
      if (report.suggestion_id) await moderateSuggestion(request, m, report.suggestion_id, { decision: "decline", reason: outcome.reason });
      else await moderateFeedback(request, m, report.feedback_id!, { decision: "decline", reason: outcome.reason });
    } catch (error) {
      // Already declined (or merged): upholding the report still closes it.
      if (!(error instanceof RuleError)) throw error;
    }
  }
  await db().transaction().execute(async (tx) => {
    const closed = await tx.updateTable("content_reports")
      .set({ status: outcome.uphold ? "upheld" : "dismissed", resolved_by: m.userId, resolved_at: sql`now()` })
      .where("id", "=", reportId).where("status", "=", "open").returning("id").execute();
    if (closed.length === 0) return;
    await audit(tx, request, {
      action: "content.report_resolved",
      subject: report.suggestion_id ? { type: "suggestion", id: report.suggestion_id } : { type: "pilot", id: reportId },
      detail: { report: reportId, upheld: outcome.uphold },
    });
  });
}

/** What waits for the programme office: pending suggestions and feedback, and open reports. */
export async function moderationQueue() {
  const d = db();
  const [suggestions, feedback, reports, published] = await Promise.all([
    d.selectFrom("suggestions").innerJoin("themes", "themes.id", "suggestions.theme_id").innerJoin("areas", "areas.id", "suggestions.area_id")
      .select(["suggestions.id", "suggestions.title", "suggestions.description", "suggestions.created_at", "themes.name as theme", "areas.name as area"])
      .where("suggestions.status", "=", "pending").orderBy("suggestions.created_at").execute(),
    d.selectFrom("pilot_feedback").innerJoin("pilots", "pilots.id", "pilot_feedback.pilot_id")
      .select(["pilot_feedback.id", "pilot_feedback.body", "pilot_feedback.created_at", "pilots.id as pilot_id", "pilots.title as pilot"])
      .where("pilot_feedback.status", "=", "pending").orderBy("pilot_feedback.created_at").execute(),
    d.selectFrom("content_reports")
      .leftJoin("suggestions", "suggestions.id", "content_reports.suggestion_id")
      .leftJoin("pilot_feedback", "pilot_feedback.id", "content_reports.feedback_id")
      .select(["content_reports.id", "content_reports.reason", "content_reports.created_at", "content_reports.suggestion_id",
        "suggestions.title as suggestion_title", "content_reports.feedback_id", "pilot_feedback.body as feedback_body", "pilot_feedback.pilot_id"])
      .where("content_reports.status", "=", "open").orderBy("content_reports.created_at").execute(),
    // Where a pending suggestion may be merged.
    d.selectFrom("suggestions").select(["id", "title"]).where("status", "=", "published").orderBy("title").execute(),
  ]);
  return { suggestions, feedback, reports, published };
}
