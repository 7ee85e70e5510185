// Personal-data rights (UK GDPR articles 15, 17 and 20): a copy of everything the service holds about a
// user, and erasure of their account.
//
// Erasure anonymises rather than deletes the `users` row. Judges' reviews and scores are part of other
// people's results (a proposal's ranking, the feedback a start-up received), and `judges.user_id` is NOT NULL,
// so the judge rows stay and point at a user row that no longer identifies anyone. Everything that only
// describes the person (sessions, memberships, preferences, their own mail) is deleted; every nullable
// "who did this" column pointing at them is cleared, so pilot history, measurements, proposals and
// sponsorships stay with their organisations without saying who did the work. Submitted reviews and their
// scores and comments stay: they are the programme's record of how proposals were judged.
//
// An owner may delete their account even when they are the organisation's only owner: the organisation
// belongs to the organisation, not the person. So it is never left without anyone able to manage it, its
// longest-standing remaining member is made an owner in the same transaction.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { titlesAsJudgesSeeThem } from "../judging/applicant-identity.server";
import { eraseAnswers, readOwnAnswers } from "../inclusion/answers.server";

export const DELETED_USER_NAME = "Deleted user";

export async function exportPersonalData(userId: string) {
  const d = db();
  const account = await d.selectFrom("users")
    .select(["id", "email", "name", "is_admin", "created_at", "two_factor_enabled_at", "email_frequency"])
    .where("id", "=", userId).executeTakeFirst();
  if (!account) return null;

  const [memberships, sessions, judgeRows, conflicts, reviews, notifications, preferences, invitations, proposals, measurements, sponsorships, uploads, questions, messages, registerVersions] =
    await Promise.all([
      d.selectFrom("memberships").innerJoin("organisations", "organisations.id", "memberships.org_id")
        .select(["organisations.id as organisation_id", "organisations.name as organisation", "organisations.kind", "memberships.role", "memberships.created_at as joined_at"])
        .where("memberships.user_id", "=", userId).orderBy("memberships.created_at").execute(),
      // Never the session ids: they are (hashes of) credentials.
      d.selectFrom("sessions").select(["created_at", "expires_at"])
        .where("user_id", "=", userId).orderBy("created_at").execute(),
      d.selectFrom("judges").innerJoin("challenges", "challenges.id", "judges.challenge_id")
        .select(["judges.id", "challenges.id as challenge_id", "challenges.title as challenge", "judges.expertise", "judges.themes", "judges.tags", "judges.capacity", "judges.created_at"])
        .where("judges.user_id", "=", userId).orderBy("judges.created_at").execute(),
      d.selectFrom("judge_conflicts")
        .leftJoin("organisations", "organisations.id", "judge_conflicts.org_id")
        .leftJoin("proposals", "proposals.id", "judge_conflicts.proposal_id")
        .select(["judge_conflicts.relation", "judge_conflicts.note", "organisations.name as organisation", "judge_conflicts.proposal_id",
          "proposals.challenge_id", "judge_conflicts.created_at"])
        .where("judge_conflicts.user_id", "=", userId).orderBy("judge_conflicts.created_at").execute(),
      d.selectFrom("reviews").innerJoin("judges", "judges.id", "reviews.judge_id")
        .innerJoin("challenges", "challenges.id", "reviews.challenge_id")
        .select((eb) => [
          "reviews.id", "challenges.title as challenge", "reviews.proposal_id", "reviews.status", "reviews.comment",
          "reviews.submitted_at", "reviews.recused_at",
          sql<{ criterion: string; score: number | null; comment: string }[]>`coalesce((
            select json_agg(json_build_object('criterion', rc.name, 'score', rs.score, 'comment', rs.comment) order by rc.position)
            from review_scores rs join rubric_criteria rc on rc.id = rs.criterion_id
            where rs.review_id = ${eb.ref("reviews.id")}), '[]'::json)`.as("scores"),
        ])
        .where("judges.user_id", "=", userId).orderBy("reviews.created_at").execute(),
      d.selectFrom("notifications")
        .select(["kind", "to_email", "subject", "body", "status", "created_at", "sent_at"])
        .where((eb) => eb.or([eb("user_id", "=", userId), eb("to_email", "=", account.email)]))
        .orderBy("created_at").execute(),
      d.selectFrom("notification_preferences").select(["kind", "enabled"])
        .where("user_id", "=", userId).orderBy("kind").execute(),
      d.selectFrom("judge_invitations").innerJoin("challenges", "challenges.id", "judge_invitations.challenge_id")
        .select(["challenges.title as challenge", "judge_invitations.email", "judge_invitations.used_at", "judge_invitations.created_at"])
        .where("judge_invitations.used_by", "=", userId).orderBy("judge_invitations.created_at").execute(),
      d.selectFrom("proposals").select(["id", "title", "status", "created_at"])
        .where("created_by", "=", userId).orderBy("created_at").execute(),
      d.selectFrom("measurements").innerJoin("kpis", "kpis.id", "measurements.kpi_id")
        .select(["measurements.id", "kpis.name as kpi", "measurements.measured_on", "measurements.value", "measurements.note", "measurements.created_at"])
        .where("measurements.recorded_by", "=", userId).orderBy("measurements.created_at").execute(),
      d.selectFrom("sponsorships").innerJoin("challenges", "challenges.id", "sponsorships.challenge_id")
        .select(["sponsorships.id", "challenges.title as challenge", "sponsorships.status", "sponsorships.created_at"])
        .where("sponsorships.created_by", "=", userId).orderBy("sponsorships.created_at").execute(),
      // Files they uploaded: what they were, not their contents (which belong to the organisation).
      d.selectFrom("attachments").innerJoin("organisations", "organisations.id", "attachments.org_id")
        .select(["attachments.original_name as name", "attachments.media_type", "attachments.size_bytes", "attachments.proposal_id",
          "attachments.milestone_id", "organisations.name as organisation", "attachments.created_at"])
        .where("attachments.uploaded_by", "=", userId).orderBy("attachments.created_at").execute(),
      // Questions they asked about challenges, in their own words (what was published is the owner's wording).
      d.selectFrom("clarifications").innerJoin("challenges", "challenges.id", "clarifications.challenge_id")
        .select(["challenges.title as challenge", "clarifications.asked_text as question", "clarifications.status", "clarifications.asked_at"])
        .where("clarifications.asked_by", "=", userId).orderBy("clarifications.asked_at").execute(),
      // Messages they wrote in proposals' threads (decision 026): their own words.
      d.selectFrom("proposal_messages").innerJoin("organisations", "organisations.id", "proposal_messages.org_id")
        .select(["proposal_messages.proposal_id", "organisations.name as organisation", "proposal_messages.body", "proposal_messages.created_at"])
        .where("proposal_messages.author_id", "=", userId).orderBy("proposal_messages.created_at").execute(),
      // Data-register versions they declared or approved (decision 034): the entry is the pilot's, the act theirs.
      d.selectFrom("data_register_versions as v").innerJoin("data_register_entries as e", "e.id", "v.entry_id")
        .innerJoin("pilots", "pilots.id", "e.pilot_id")
        .select((eb) => ["pilots.title as pilot", "v.dataset", "v.version", "v.status", "v.declared_at", "v.approved_at",
          eb("v.declared_by", "=", userId).as("declared"), eb("v.approved_by", "=", userId).as("approved")])
        .where((eb) => eb.or([eb("v.declared_by", "=", userId), eb("v.approved_by", "=", userId)]))
        .orderBy("v.declared_at").execute(),
    ]);
  const residentData = await residentRecords(userId);
  // API tokens they made or revoked for an organisation (decision 038): the act theirs, the token the organisation's; never its hash.
  const apiTokens = await d.selectFrom("api_tokens").innerJoin("organisations", "organisations.id", "api_tokens.org_id")
    .select((eb) => ["organisations.name as organisation", "api_tokens.name", "api_tokens.scope", "api_tokens.created_at", "api_tokens.revoked_at",
      eb("api_tokens.created_by", "=", userId).as("made"), eb("api_tokens.revoked_by", "=", userId).as("revoked")])
    .where((eb) => eb.or([eb("api_tokens.created_by", "=", userId), eb("api_tokens.revoked_by", "=", userId)]))
    .orderBy("api_tokens.created_at").execute();
  // Webhook endpoints they registered (decision 039): the act theirs, the endpoint the organisation's; never its secret.
  const webhooks = await d.selectFrom("webhook_endpoints").innerJoin("organisations", "organisations.id", "webhook_endpoints.org_id")
    .select(["organisations.name as organisation", "webhook_endpoints.url", "webhook_endpoints.events", "webhook_endpoints.created_at"])
    .where("webhook_endpoints.created_by", "=", userId).orderBy("webhook_endpoints.created_at").execute();

  // A proposal they stepped aside from is named as they were shown it: redacted if the review was blind.
  const titles = await titlesAsJudgesSeeThem(conflicts.flatMap((c) => (c.proposal_id ? [c.proposal_id] : [])));
  const conflictsOut = conflicts.map(({ proposal_id, ...c }) => ({ ...c, proposal: proposal_id ? titles.get(proposal_id) ?? null : null }));

  return {
    exported_at: new Date().toISOString(),
    account: { email: account.email, name: account.name, is_admin: account.is_admin, created_at: account.created_at, email_frequency: account.email_frequency },
    memberships,
    sessions,
    // A conflict with an organisation holds on every panel; a recusal on the panel of its proposal.
    judging: judgeRows.map((j) => ({
      ...j,
      conflicts: conflictsOut.filter((c) => c.challenge_id === null || c.challenge_id === j.challenge_id).map(({ challenge_id: _, ...c }) => c),
    })),
    // Every conflict of interest, including those recorded for no panel yet (an organisation they left).
    conflicts: conflictsOut.map(({ challenge_id: _, ...c }) => c),
    reviews,
    notifications,
    notification_preferences: preferences,
    judge_invitations_used: invitations,
    proposals_created: proposals,
    measurements_recorded: measurements,
    sponsorships_created: sponsorships,
    files_uploaded: uploads,
    questions_asked: questions,
    messages_written: messages,
    // Their own equality monitoring answers (decision 033), as they gave them; null if they gave none.
    equality_monitoring: await readOwnAnswers(userId),
    data_register_versions: registerVersions.map(({ declared, approved, ...v }) => ({
      ...v, you: declared && approved ? "declared and approved" : declared ? "declared" : "approved",
    })),
    api_tokens: apiTokens.map(({ made, revoked, ...t }) => ({ ...t, you: made && revoked ? "made and revoked" : made ? "made" : "revoked" })),
    webhook_endpoints_registered: webhooks,
    // As a resident (decision 035): what they suggested, supported, followed, wrote on pilots and reported.
    ...residentData,
    // What this person did, from the audit trail (others' views of their organisation's proposals are the
    // organisation's, on the "who has seen your proposals" page).
    activity: await d.selectFrom("audit_events")
      .select(["at", "action", "subject_type", "subject_id", "ip", "method", "path"])
      .where("actor_user_id", "=", userId).orderBy("id").execute(),
  };
}

/** A resident's own records: their words and their choices, never who else supported or followed. */
async function residentRecords(userId: string) {
  const d = db();
  const [suggestions, supports, follows, feedback, reports] = await Promise.all([
    d.selectFrom("suggestions").select(["id", "title", "description", "status", "decline_reason", "created_at"])
      .where("author_id", "=", userId).orderBy("created_at").execute(),
    d.selectFrom("suggestion_supports").innerJoin("suggestions", "suggestions.id", "suggestion_supports.suggestion_id")
      .select(["suggestions.id as suggestion_id", "suggestions.title as suggestion", "suggestion_supports.created_at"])
      .where("suggestion_supports.user_id", "=", userId).orderBy("suggestion_supports.created_at").execute(),
    d.selectFrom("follows").leftJoin("challenges", "challenges.id", "follows.challenge_id").leftJoin("pilots", "pilots.id", "follows.pilot_id")
      .select(["challenges.title as challenge", "pilots.title as pilot", "follows.created_at"])
      .where("follows.user_id", "=", userId).orderBy("follows.created_at").execute(),
    d.selectFrom("pilot_feedback").innerJoin("pilots", "pilots.id", "pilot_feedback.pilot_id")
      .select(["pilots.title as pilot", "pilot_feedback.body", "pilot_feedback.status", "pilot_feedback.decline_reason", "pilot_feedback.answer", "pilot_feedback.created_at"])
      .where("pilot_feedback.author_id", "=", userId).orderBy("pilot_feedback.created_at").execute(),
    d.selectFrom("content_reports").select(["suggestion_id", "feedback_id", "reason", "status", "created_at"])
      .where("reporter_id", "=", userId).orderBy("created_at").execute(),
  ]);
  return { suggestions_made: suggestions, suggestions_supported: supports, following: follows, pilot_feedback_written: feedback, reports_made: reports };
}

export type PersonalData = NonNullable<Awaited<ReturnType<typeof exportPersonalData>>>;

/** The signed-in user's own copy, recorded in the audit trail as taken (null: the account is gone). */
export async function takePersonalDataCopy(request: Request, userId: string): Promise<PersonalData | null> {
  const data = await exportPersonalData(userId);
  if (data) await audit(request, { action: "account.exported", subject: { type: "user", id: userId } });
  return data;
}

/** Erases the account in one transaction (see the top of this file for what stays and why). */
export async function deleteAccount(request: Request, userId: string): Promise<void> {
  await db().transaction().execute(async (tx) => {
    const user = await tx.selectFrom("users").select(["id", "email"]).where("id", "=", userId).forUpdate().executeTakeFirst();
    if (!user) return;
    // The event keeps only the (now anonymous) user id.
    await audit(tx, request, { action: "account.deleted", subject: { type: "user", id: userId } }, { userId });
    const placeholder = `deleted-${randomBytes(12).toString("hex")}@deleted.invalid`;

    // Organisations this user is the only owner of keep an owner: the longest-standing other member.
    const soleOwned = await tx.selectFrom("memberships as m").select("m.org_id")
      .where("m.user_id", "=", userId).where("m.role", "=", "owner")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("memberships as o").select("o.user_id")
        .whereRef("o.org_id", "=", "m.org_id").where("o.role", "=", "owner").where("o.user_id", "!=", userId))))
      .execute();
    for (const { org_id } of soleOwned) {
      const next = await tx.selectFrom("memberships").select("user_id")
        .where("org_id", "=", org_id).where("user_id", "!=", userId)
        .orderBy("created_at").limit(1).executeTakeFirst();
      if (next) await tx.updateTable("memberships").set({ role: "owner" }).where("org_id", "=", org_id).where("user_id", "=", next.user_id).execute();
    }

    await tx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    // Equality monitoring answers go: they describe only the person (decision 033).
    await eraseAnswers(tx, userId);
    await tx.deleteFrom("memberships").where("user_id", "=", userId).execute();
    await tx.deleteFrom("notification_preferences").where("user_id", "=", userId).execute();
    await tx.deleteFrom("notifications")
      .where((eb) => eb.or([eb("user_id", "=", userId), eb("to_email", "=", user.email)])).execute();

    // Invitations sent to their address: the address goes, the record that a judge joined stays.
    await tx.updateTable("judge_invitations").set({ email: placeholder })
      .where((eb) => eb.or([eb("email", "=", user.email), eb("used_by", "=", userId)])).execute();

    // Judge rows stay for their submitted reviews, but take no more work and lose the free text about the
    // person. Unfinished reviews become recused, as when a judge steps aside, so the owner can reassign them;
    // their draft scores and comments are the user's unsent words and go.
    const judgeIds = tx.selectFrom("judges").select("id").where("user_id", "=", userId);
    await tx.updateTable("judges").set({ capacity: 0, expertise: "" }).where("user_id", "=", userId).execute();
    await tx.updateTable("judge_conflicts").set({ note: "" }).where("user_id", "=", userId).execute();
    const unfinished = tx.selectFrom("reviews").select("id")
      .where("judge_id", "in", judgeIds).where("status", "in", ["assigned", "in_progress"]);
    await tx.deleteFrom("review_scores").where("review_id", "in", unfinished).execute();
    await tx.updateTable("reviews")
      .set({ status: "recused", comment: "", recused_at: sql`now()`, updated_at: sql`now()` })
      .where("judge_id", "in", judgeIds).where("status", "in", ["assigned", "in_progress"]).execute();

    // Every nullable column that records who did something (each references users with ON DELETE SET NULL).
    await tx.updateTable("organisations").set({ verified_by: null }).where("verified_by", "=", userId).execute();
    await tx.updateTable("challenges").set({ created_by: null }).where("created_by", "=", userId).execute();
    await tx.updateTable("proposals").set({ created_by: null }).where("created_by", "=", userId).execute();
    await tx.updateTable("judge_invitations").set({ invited_by: null }).where("invited_by", "=", userId).execute();
    await tx.updateTable("judge_invitations").set({ used_by: null }).where("used_by", "=", userId).execute();
    await tx.updateTable("job_runs").set({ requested_by: null }).where("requested_by", "=", userId).execute();
    await tx.updateTable("sponsorships").set({ created_by: null }).where("created_by", "=", userId).execute();
    await tx.updateTable("pairing_exclusions").set({ created_by: null }).where("created_by", "=", userId).execute();
    await tx.updateTable("programme_settings").set({ updated_by: null }).where("updated_by", "=", userId).execute();
    await tx.updateTable("pilots").set({ approved_by: null }).where("approved_by", "=", userId).execute();
    await tx.updateTable("measurements").set({ recorded_by: null }).where("recorded_by", "=", userId).execute();
    await tx.updateTable("measurements").set({ reviewed_by: null }).where("reviewed_by", "=", userId).execute();
    // Questions not yet answered are their unpublished words and go; answered ones stay, published without a name.
    await tx.deleteFrom("clarifications").where("asked_by", "=", userId).where("status", "=", "asked").execute();
    await tx.updateTable("clarifications").set({ asked_by: null }).where("asked_by", "=", userId).execute();
    await tx.updateTable("clarifications").set({ published_by: null }).where("published_by", "=", userId).execute();
    // Attachments belong to their organisation: they stay, without saying who uploaded them.
    await tx.updateTable("attachments").set({ uploaded_by: null }).where("uploaded_by", "=", userId).execute();
    // So are messages in a proposal's thread: the thread shows "a former member".
    await tx.updateTable("proposal_messages").set({ author_id: null }).where("author_id", "=", userId).execute();
    // The data register stays the pilot's record, by organisation (decision 034).
    await tx.updateTable("data_register_versions").set({ declared_by: null }).where("declared_by", "=", userId).execute();
    await tx.updateTable("data_register_versions").set({ approved_by: null }).where("approved_by", "=", userId).execute();
    // API tokens are the organisation's (decision 038): they stay, working or revoked, without saying who made or revoked them.
    await tx.updateTable("api_tokens").set({ created_by: null }).where("created_by", "=", userId).execute();
    await tx.updateTable("api_tokens").set({ revoked_by: null }).where("revoked_by", "=", userId).execute();
    // So are its single sign-on settings (decision 040): they stay, without saying who changed them.
    await tx.updateTable("sso_connections").set({ created_by: null }).where("created_by", "=", userId).execute();
    await tx.updateTable("sso_connections").set({ updated_by: null }).where("updated_by", "=", userId).execute();
    await tx.updateTable("sso_domains").set({ created_by: null }).where("created_by", "=", userId).execute();
    // So are webhook endpoints (decision 039): they keep working, without saying who registered them.
    await tx.updateTable("webhook_endpoints").set({ created_by: null }).where("created_by", "=", userId).execute();

    // As a resident (decision 035). Supports and follows are their choices alone and go. Suggestions and
    // feedback nobody else has read (waiting or declined) go; published ones stay without an author, as
    // others support them or the team answered them. A suggestion others were merged into stays too.
    await tx.deleteFrom("suggestion_supports").where("user_id", "=", userId).execute();
    await tx.deleteFrom("follows").where("user_id", "=", userId).execute();
    await tx.deleteFrom("suggestions").where("author_id", "=", userId).where("status", "in", ["pending", "declined"])
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("suggestions as m").select("m.id").whereRef("m.merged_into", "=", "suggestions.id"))))
      .execute();
    await tx.updateTable("suggestions").set({ author_id: null }).where("author_id", "=", userId).execute();
    await tx.updateTable("suggestions").set({ moderated_by: null }).where("moderated_by", "=", userId).execute();
    await tx.deleteFrom("pilot_feedback").where("author_id", "=", userId).where("status", "in", ["pending", "declined"]).execute();
    await tx.updateTable("pilot_feedback").set({ author_id: null }).where("author_id", "=", userId).execute();
    await tx.updateTable("pilot_feedback").set({ moderated_by: null }).where("moderated_by", "=", userId).execute();
    await tx.updateTable("pilot_feedback").set({ answered_by: null }).where("answered_by", "=", userId).execute();
    await tx.updateTable("content_reports").set({ reporter_id: null }).where("reporter_id", "=", userId).execute();
    await tx.updateTable("content_reports").set({ resolved_by: null }).where("resolved_by", "=", userId).execute();

    // The row stays for judges.user_id (NOT NULL); nothing in it identifies the person or can sign in:
    // "!" is never produced by argon2, so no password verifies against it.
    await tx.updateTable("users")
      .set({ name: DELETED_USER_NAME, email: placeholder, password_hash: "!deleted", is_admin: false, totp_key: null, totp_last_step: null, two_factor_enabled_at: null })
      .where("id", "=", userId).execute();
    await tx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
    // Confirmation links hold the address they were sent to, and perhaps a name typed at a second sign-up.
    await tx.deleteFrom("email_tokens").where("user_id", "=", userId).execute();
  });
}
