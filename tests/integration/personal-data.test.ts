// Personal-data rights through the real routes: the export holds the user's own data and nobody else's,
// and deleting an account erases the person while the reviews and measurements others rely on remain.
import { describe, expect, it } from "vitest";
import * as accountPage from "../../app/routes/account._index";
import * as deleteRoute from "../../app/routes/account.delete";
import * as exportRoute from "../../app/routes/account.export";
import * as signIn from "../../app/routes/sign-in";
import { sql } from "kysely";
import { db } from "../../app/server/connections.server";
import { readOwnAnswers } from "../../app/server/inclusion/answers.server";
import { apiTokenHash } from "../../app/server/api/tokens.server";
import {
  addMember, createChallenge, createJudge, createKpi, createMeasurement, createMember, createOrg, createPairedPilot, createProposal, createRegisterEntry,
  createReview, createUser, PASSWORD, sessionCookieFor,
} from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";
import { startAppServer } from "../support/server";

/** A user who is a judge with a submitted review, has recorded a measurement, and has mail and preferences. */
async function plantedUser(tag: string) {
  const user = await createUser({ name: `Planted ${tag} Person`, email: `planted.${tag}@example.org` });
  const body = await createMember("public_body");
  const startup = await createOrg("startup", { name: `Startup of ${tag}` });
  await addMember(user.id, startup.id, "owner");
  const challenge = await createChallenge(body.orgId, { title: `Challenge judged by ${tag}` });
  const proposal = await createProposal(challenge.id, startup.id, { status: "submitted", title: `Proposal by ${tag}` });
  await db().updateTable("proposals").set({ created_by: user.id }).where("id", "=", proposal.id).execute();
  const judge = await createJudge({ challenge_id: challenge.id, user_id: user.id, expertise: `EXPERTISE-${tag}`, capacity: 4 });
  await db().insertInto("judge_conflicts").values({ judge_id: judge.id, org_id: body.orgId, relation: "advises", note: `CONFLICT-${tag}` }).execute();
  const review = await createReview({
    challenge_id: challenge.id, proposal_id: proposal.id, judge_id: judge.id, status: "submitted", comment: `REVIEW-${tag}`, submitted_at: new Date(),
  });
  const criterion = await db().selectFrom("rubric_criteria").select("id").where("challenge_id", "=", challenge.id).limit(1).executeTakeFirstOrThrow();
  await db().insertInto("review_scores").values({ review_id: review.id, criterion_id: criterion.id, score: 4, comment: `SCORE-${tag}` }).execute();
  const kpi = await pilotKpi(challenge.id, proposal.id, body.orgId, startup.id);
  const measurement = await createMeasurement({ kpi_id: kpi, measured_on: new Date(), value: 42, recorded_by: user.id, note: `MEASURE-${tag}` });
  // A data-register entry they declared and approved (decision 034).
  const { pilot_id } = await db().selectFrom("kpis").select("pilot_id").where("id", "=", kpi).executeTakeFirstOrThrow();
  const register = await createRegisterEntry(pilot_id, startup.id, {
    dataset: `DATASET-${tag}`, declared_by: user.id, approved_by: user.id, status: "approved", approved_at: new Date(),
  });
  await db().insertInto("notifications").values({ user_id: user.id, to_email: user.email, kind: "test", subject: `MAIL-${tag}`, body: `Dear ${user.name}`, status: "stored" }).execute();
  await db().insertInto("notification_preferences").values({ user_id: user.id, kind: "deadline_reminder", enabled: false }).execute();
  await sql`SELECT monitoring_save(${user.id}::uuid, 'woman', 'asian', 'no', '35_44', 'camden')`.execute(db());
  // An API token of their organisation that they made and revoked (decision 038).
  const apiToken = await db().insertInto("api_tokens").values({
    org_id: startup.id, name: `TOKEN-${tag}`, scope: "read", token_hash: apiTokenHash(`cic_${tag}`), created_by: user.id, revoked_by: user.id, revoked_at: new Date(),
  }).returning(["id", "token_hash"]).executeTakeFirstOrThrow();
  // Their organisation's single sign-on, which they connected and whose domain they added (decision 040).
  await db().insertInto("sso_connections").values({
    org_id: startup.id, issuer: "https://idp.example", client_id: `CLIENT-${tag}`, client_secret: Buffer.from("x"), created_by: user.id, updated_by: user.id,
  }).execute();
  await db().insertInto("sso_domains").values({ org_id: startup.id, domain: `${tag}.example`, verification_token: "c".repeat(32), created_by: user.id }).execute();
  const webhook = await db().insertInto("webhook_endpoints").values({
    org_id: startup.id, url: `https://hooks.example.org/${tag}`, events: ["proposal.submitted"], secret_encrypted: Buffer.from(`SECRET-${tag}`), created_by: user.id,
  }).returning("id").executeTakeFirstOrThrow();
  const cookie = await sessionCookieFor(user.id, startup.id);
  return { webhookId: webhook.id, apiTokenId: apiToken.id, apiTokenHash: apiToken.token_hash, user, cookie, startupId: startup.id, reviewId: review.id, measurementId: measurement.id, judgeId: judge.id, proposalId: proposal.id, registerVersionId: register.version.id };
}

async function pilotKpi(challengeId: string, proposalId: string, publicOrgId: string, startupOrgId: string) {
  const corporate = await createOrg("corporate");
  const { pilot } = await createPairedPilot(
    { challengeId, proposalId, publicOrgId, startupOrgId, corporateOrgId: corporate.id },
    { pairing: { fit: 0.5 }, pilot: { title: "Pilot" } },
  );
  const kpi = await createKpi({ pilot_id: pilot.id, name: "Reach", unit: "people", baseline: 0, target: 100, direction: "higher", frequency: "monthly" });
  return kpi.id;
}

describe("downloading your data", () => {
  it("is a no-store JSON attachment of the user's own data, without the password hash or anyone else's data", async () => {
    const me = await plantedUser("alpha");
    const other = await plantedUser("bravo");
    const res = await call(exportRoute.loader, getRequest("/account/export", me.cookie));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="my-data.json"');
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    const data = res.body as Record<string, unknown[]> & { account: Record<string, unknown> };
    expect(data.account).toMatchObject({ email: me.user.email, name: me.user.name, is_admin: false });
    expect(data.memberships).toEqual([expect.objectContaining({ organisation: "Startup of alpha", role: "owner" })]);
    expect(data.sessions).toHaveLength(1);
    expect(data.judging).toEqual([expect.objectContaining({ challenge: "Challenge judged by alpha", expertise: "EXPERTISE-alpha", capacity: 4,
      conflicts: [expect.objectContaining({ relation: "advises", note: "CONFLICT-alpha" })] })]);
    expect(data.reviews).toEqual([expect.objectContaining({ comment: "REVIEW-alpha", scores: [expect.objectContaining({ score: 4, comment: "SCORE-alpha" })] })]);
    expect(data.notifications).toEqual([expect.objectContaining({ subject: "MAIL-alpha" })]);
    expect(data.notification_preferences).toEqual([{ kind: "deadline_reminder", enabled: false }]);
    expect(data.proposals_created).toEqual([expect.objectContaining({ id: me.proposalId, title: "Proposal by alpha" })]);
    expect(data.measurements_recorded).toEqual([expect.objectContaining({ id: me.measurementId, value: 42 })]);
    expect(data.equality_monitoring).toMatchObject({ gender: "woman", ethnicity: "asian", disability: "no", age_band: "35_44", borough: "camden" });
    expect(data.data_register_versions).toEqual([expect.objectContaining({ dataset: "DATASET-alpha", version: 1, you: "declared and approved" })]);
    expect(data.api_tokens).toEqual([expect.objectContaining({ organisation: "Startup of alpha", name: "TOKEN-alpha", scope: "read", you: "made and revoked" })]);
    expect(data.webhook_endpoints_registered).toEqual([expect.objectContaining({ organisation: "Startup of alpha", url: "https://hooks.example.org/alpha", events: ["proposal.submitted"] })]);
    expect(JSON.stringify(data)).not.toContain("SECRET-alpha");
    expect(JSON.stringify(data)).not.toContain(me.apiTokenHash);

    const hash = (await db().selectFrom("users").select("password_hash").where("id", "=", me.user.id).executeTakeFirstOrThrow()).password_hash;
    expect(res.text).not.toContain(hash);
    expect(res.text).not.toMatch(/argon2|password/i);
    const sessionIds = (await db().selectFrom("sessions").select("id").execute()).map((s) => s.id);
    for (const id of sessionIds) expect(res.text).not.toContain(id);
    for (const leak of ["bravo", other.user.email, other.user.id]) expect(res.text).not.toContain(leak);
  });

  it("sends visitors to sign in", async () => {
    const res = await call(exportRoute.loader, getRequest("/account/export"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/sign-in?redirectTo=%2Faccount%2Fexport");
    const page = await call(accountPage.loader, getRequest("/account"));
    expect(page.headers.get("Location")).toMatch(/^\/sign-in/);
  });
});

describe("deleting your account", () => {
  it("with a wrong password answers 400 with the field error and deletes nothing", async () => {
    const me = await plantedUser("charlie");
    const res = await call(deleteRoute.action, postRequest("/account/delete", { password: "not my password", confirm: "yes" }, me.cookie));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: { fields: { password: "Your password is incorrect" }, summary: [{ href: "#password" }] } });
    expect(res.text).not.toContain("not my password");
    const empty = await call(deleteRoute.action, postRequest("/account/delete", { confirm: "yes" }, me.cookie));
    expect(empty.body).toMatchObject({ errors: { fields: { password: "Enter your password" } } });
    const user = await db().selectFrom("users").select(["name", "email"]).where("id", "=", me.user.id).executeTakeFirstOrThrow();
    expect(user).toEqual({ name: me.user.name, email: me.user.email });
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", me.user.id).execute()).toHaveLength(1);
    expect(await db().selectFrom("memberships").select("org_id").where("user_id", "=", me.user.id).execute()).toHaveLength(1);
  });

  it("with the right password erases the person, signs them out everywhere and keeps their review and measurement", async () => {
    const me = await plantedUser("delta");
    const onlyMember = await createUser();
    await addMember(onlyMember.id, me.startupId, "member");
    await sessionCookieFor(me.user.id, null); // a second browser
    const res = await call(deleteRoute.action, postRequest("/account/delete", { password: PASSWORD, confirm: "yes" }, me.cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account/deleted");
    expect(res.headers.get("Set-Cookie")).toMatch(/civic_session=;.*Max-Age=0/);

    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", me.user.id).execute()).toEqual([]);
    expect(await db().selectFrom("memberships").select("org_id").where("user_id", "=", me.user.id).execute()).toEqual([]);
    expect(await db().selectFrom("notification_preferences").select("kind").where("user_id", "=", me.user.id).execute()).toEqual([]);
    expect(await readOwnAnswers(me.user.id)).toBeNull();
    const row = await db().selectFrom("users").selectAll().where("id", "=", me.user.id).executeTakeFirstOrThrow();
    expect(row.name).toBe("Deleted user");
    expect(row.email).toMatch(/^deleted-[0-9a-f]+@deleted\.invalid$/);
    expect(row.is_admin).toBe(false);
    const users = JSON.stringify(await db().selectFrom("users").selectAll().execute());
    const notifications = JSON.stringify(await db().selectFrom("notifications").selectAll().execute());
    for (const planted of [me.user.name, me.user.email]) {
      expect(users).not.toContain(planted);
      expect(notifications).not.toContain(planted);
    }

    // The old email and password no longer sign anyone in.
    const again = await call(signIn.action, postRequest("/sign-in", { email: me.user.email, password: PASSWORD }));
    expect(again.status).toBe(400);
    // The old cookie no longer works.
    expect((await call(exportRoute.loader, getRequest("/account/export", me.cookie))).status).toBe(302);

    // What others rely on stays, attached to the anonymised judge / unattributed.
    const review = await db().selectFrom("reviews").select(["status", "judge_id"]).where("id", "=", me.reviewId).executeTakeFirstOrThrow();
    expect(review).toEqual({ status: "submitted", judge_id: me.judgeId });
    expect(await db().selectFrom("review_scores").select("score").where("review_id", "=", me.reviewId).execute()).toEqual([{ score: 4 }]);
    const submitted = await db().selectFrom("reviews").select((eb) => eb.fn.countAll<string>().as("n"))
      .where("judge_id", "=", me.judgeId).where("status", "=", "submitted").executeTakeFirstOrThrow();
    expect(Number(submitted.n)).toBe(1);
    const measurement = await db().selectFrom("measurements").select(["value", "recorded_by"]).where("id", "=", me.measurementId).executeTakeFirstOrThrow();
    expect(measurement).toEqual({ value: 42, recorded_by: null });
    const proposal = await db().selectFrom("proposals").select(["org_id", "created_by"]).where("id", "=", me.proposalId).executeTakeFirstOrThrow();
    expect(proposal).toEqual({ org_id: me.startupId, created_by: null });
    const registered = await db().selectFrom("data_register_versions").select(["dataset", "status", "declared_by", "approved_by", "declared_by_org_id"])
      .where("id", "=", me.registerVersionId).executeTakeFirstOrThrow();
    expect(registered).toEqual({ dataset: "DATASET-delta", status: "approved", declared_by: null, approved_by: null, declared_by_org_id: me.startupId });
    const token = await db().selectFrom("api_tokens").select(["org_id", "name", "created_by", "revoked_by"]).where("id", "=", me.apiTokenId).executeTakeFirstOrThrow();
    expect(token).toEqual({ org_id: me.startupId, name: "TOKEN-delta", created_by: null, revoked_by: null });
    const sso = await db().selectFrom("sso_connections").select(["client_id", "created_by", "updated_by"]).where("org_id", "=", me.startupId).executeTakeFirstOrThrow();
    expect(sso).toEqual({ client_id: "CLIENT-delta", created_by: null, updated_by: null });
    expect(await db().selectFrom("sso_domains").select(["domain", "created_by"]).where("org_id", "=", me.startupId).execute()).toEqual([{ domain: "delta.example", created_by: null }]);
    const webhook = await db().selectFrom("webhook_endpoints").select(["org_id", "created_by", "enabled"]).where("id", "=", me.webhookId).executeTakeFirstOrThrow();
    expect(webhook).toEqual({ org_id: me.startupId, created_by: null, enabled: true });
    const judge = await db().selectFrom("judges").select(["user_id", "capacity", "expertise"]).where("id", "=", me.judgeId).executeTakeFirstOrThrow();
    expect(judge).toEqual({ user_id: me.user.id, capacity: 0, expertise: "" });
    // The organisation they owned alone keeps an owner.
    const owner = await db().selectFrom("memberships").select("role").where("org_id", "=", me.startupId).where("user_id", "=", onlyMember.id).executeTakeFirstOrThrow();
    expect(owner.role).toBe("owner");
  });
});

describe("pages, through the built server", () => {
  it("render the privacy notice, the cookies page and the account page, linked from the footer and header", async () => {
    const server = await startAppServer();
    try {
      const privacy = await (await fetch(`${server.url}/privacy`)).text();
      expect(privacy).toContain("Privacy notice");
      expect(privacy).toContain("never the names of the judges");
      expect(privacy).toContain('href="/account/export"');
      expect(privacy).toMatch(/href="\/cookies"[^>]*>Cookies</);
      const cookies = await (await fetch(`${server.url}/cookies`)).text();
      expect(cookies).toContain("civic_session");
      expect(cookies).toContain("30 days");
      expect(cookies).toContain("HttpOnly");
      const { cookie } = await createMember("startup");
      const account = await fetch(`${server.url}/account`, { headers: { Cookie: cookie } });
      expect(account.status).toBe(200);
      const html = await account.text();
      expect(html).toMatch(/href="\/account"[^>]*>Your account</);
      for (const href of ["/account/password", "/account/notifications", "/account/export", "/account/delete"]) expect(html).toContain(`href="${href}"`);
    } finally {
      await server.close();
    }
  });
});
