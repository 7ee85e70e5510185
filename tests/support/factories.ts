// Test data built with faker and written straight to the worker's database.
import { faker } from "@faker-js/faker";
import { sql, type Insertable, type Selectable } from "kysely";
import type { Database, OrgKind } from "../../db/schema";
import { db } from "../../app/server/connections.server";
import { newJoinCode } from "../../app/server/organisations/organisations.server";
import { encryptTotpKey, totpCodeAt, totpStep } from "../../app/server/accounts/totp.server";
import { env } from "../../app/server/env.server";
import { hashPassword } from "../../app/server/password.server";
import { createSession, generateSessionToken, SESSION_COOKIE } from "../../app/server/session.server";

export const PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

/**
 * Every factory user has this TOTP key unless created with `twoFactor: false`: judges and admins must
 * have a second factor, and a factory cannot know who will later join a judging panel. Tests compute
 * codes from it with `nextTotpCode`.
 */
export const TEST_TOTP_KEY = new Uint8Array(Array.from({ length: 20 }, (_, i) => i * 11 + 7));

/** A user whose email address is confirmed unless `confirmed: false` (a sign-up that has not opened its link). */
export async function createUser(overrides: { email?: string; name?: string; isAdmin?: boolean; twoFactor?: boolean; confirmed?: boolean } = {}) {
  passwordHash ??= hashPassword(PASSWORD);
  const twoFactor = overrides.twoFactor ?? true;
  return db()
    .insertInto("users")
    .values({
      email: (overrides.email ?? `${faker.internet.username()}.${faker.string.alphanumeric(6)}@example.org`).toLowerCase().replace(/[^a-z0-9.@_-]/g, ""),
      name: overrides.name ?? faker.person.fullName(),
      password_hash: await passwordHash,
      is_admin: overrides.isAdmin ?? false,
      email_confirmed_at: overrides.confirmed === false ? null : new Date(),
      ...(twoFactor ? secondFactorColumns() : { totp_key: null, two_factor_enabled_at: null }),
    })
    .returning(["id", "email", "name"])
    .executeTakeFirstOrThrow();
}

/** The columns of a user who has set up a second factor with TEST_TOTP_KEY (for an insert, or an update of an existing user). */
export function secondFactorColumns() {
  return { totp_key: encryptTotpKey(TEST_TOTP_KEY, Buffer.from(env().TOTP_ENCRYPTION_KEY, "base64")), two_factor_enabled_at: new Date() };
}

/**
 * A code the server will accept now for a factory user (TEST_TOTP_KEY): the current step, or the next
 * one if the current step was already used (waiting for it when even that is taken).
 */
export async function nextTotpCode(userId: string, key = TEST_TOTP_KEY): Promise<string> {
  for (;;) {
    const row = await db().selectFrom("users").select("totp_last_step").where("id", "=", userId).executeTakeFirstOrThrow();
    const now = totpStep(Date.now());
    const last = row.totp_last_step === null ? null : BigInt(row.totp_last_step);
    const step = last === null || last < now ? now : last + 1n;
    if (step <= now + 1n) return totpCodeAt(key, step);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function createOrg(kind: OrgKind, overrides: { name?: string; verified?: boolean } = {}) {
  return db()
    .insertInto("organisations")
    .values({
      name: overrides.name ?? `${faker.company.name()} ${faker.string.alphanumeric(4)}`,
      kind,
      join_code: newJoinCode(),
      verified_at: overrides.verified ? new Date() : null,
    })
    .returning(["id", "name", "kind", "join_code"])
    .executeTakeFirstOrThrow();
}

export async function addMember(userId: string, orgId: string, role: "owner" | "member" = "member") {
  await db().insertInto("memberships").values({ user_id: userId, org_id: orgId, role }).execute();
}

/**
 * A user who belongs to a new organisation of this kind (verified by the programme office only when
 * `verified` says so), with a session acting for it.
 */
export async function createMember(kind: OrgKind, opts: { orgId?: string; name?: string; verified?: boolean; confirmed?: boolean } = {}) {
  const user = await createUser({ name: opts.name, confirmed: opts.confirmed });
  const orgId = opts.orgId ?? (await createOrg(kind, { verified: opts.verified })).id;
  await addMember(user.id, orgId, opts.orgId ? "member" : "owner");
  const cookie = await sessionCookieFor(user.id, orgId);
  return { user, orgId, cookie };
}

export async function createAdmin(opts: { twoFactor?: boolean } = {}) {
  const user = await createUser({ isAdmin: true, twoFactor: opts.twoFactor });
  return { user, cookie: await sessionCookieFor(user.id, null) };
}

/**
 * Writes a session directly (no sign-in form), as a logged-in browser would hold it: one that has given
 * its second factor unless `twoFactorVerified: false` (a sign-in waiting at /sign-in/two-factor).
 */
export async function sessionCookieFor(userId: string, orgId: string | null, opts: { twoFactorVerified?: boolean } = {}) {
  const token = generateSessionToken();
  await createSession(token, userId, orgId, { twoFactorVerified: opts.twoFactorVerified ?? true });
  return `${SESSION_COOKIE}=${token}`;
}

const DAY = 24 * 60 * 60 * 1000;

export async function createChallenge(
  orgId: string,
  overrides: Partial<{ title: string; summary: string; status: "draft" | "published"; opensAt: Date; closesAt: Date; blind: boolean; themeSlug: string; areaSlug: string; questions: string[];
    /** Required answers (decision 031), stored from position 100 as the challenge form does. */
    required: { question: string; options: string[]; accepted: string[] }[];
    /** A two-stage call's expression-of-interest deadline (decision 032). */
    eoiClosesAt: Date }> = {},
) {
  const theme = await db().selectFrom("themes").select("id").where("slug", "=", overrides.themeSlug ?? "climate").executeTakeFirstOrThrow();
  const area = await db().selectFrom("areas").select("id").where("slug", "=", overrides.areaSlug ?? "camden").executeTakeFirstOrThrow();
  const c = await db()
    .insertInto("challenges")
    .values({
      org_id: orgId,
      theme_id: theme.id,
      title: overrides.title ?? `${faker.word.adjective()} ${faker.word.noun()} challenge`,
      summary: overrides.summary ?? faker.lorem.sentence(12),
      problem_statement: faker.lorem.paragraphs(2),
      funding_kind: "budget",
      funding_gbp: 50_000,
      pilot_weeks: 12,
      opens_at: overrides.opensAt ?? new Date(Date.now() - 10 * DAY),
      closes_at: overrides.closesAt ?? new Date(Date.now() + 20 * DAY),
      blind_review: overrides.blind ?? false,
      eoi_closes_at: overrides.eoiClosesAt ?? null,
      status: overrides.status ?? "published",
      published_at: overrides.status === "draft" ? null : new Date(),
    })
    .returning(["id", "title"])
    .executeTakeFirstOrThrow();
  await db().insertInto("challenge_areas").values({ challenge_id: c.id, area_id: area.id }).execute();
  await db().insertInto("rubric_criteria").values([
    { challenge_id: c.id, position: 0, name: "Impact", weight: 60, threshold: null },
    { challenge_id: c.id, position: 1, name: "Feasibility", weight: 40, threshold: 2 },
  ]).execute();
  const questions = overrides.questions ?? ["Are you registered in the UK?"];
  if (questions.length) {
    await db().insertInto("eligibility_questions").values(questions.map((question, position) => ({ challenge_id: c.id, position, question }))).execute();
  }
  if (overrides.required?.length) {
    await db().insertInto("eligibility_questions").values(overrides.required.map((q, i) => ({ challenge_id: c.id, position: 100 + i, ...q }))).execute();
  }
  return c;
}

export async function createProposal(challengeId: string, orgId: string, overrides: Partial<{ title: string; status: "draft" | "submitted" | "withdrawn" }> = {}) {
  const status = overrides.status ?? "draft";
  return db()
    .insertInto("proposals")
    .values({
      challenge_id: challengeId,
      org_id: orgId,
      title: overrides.title ?? `${faker.company.buzzPhrase()}`.slice(0, 150),
      summary: faker.lorem.sentence(10),
      approach: faker.lorem.paragraph(5),
      expected_impact: faker.lorem.sentence(10),
      team: faker.lorem.sentence(6),
      requested_gbp: 40_000,
      trl: 6,
      status,
      submitted_at: status === "submitted" ? new Date() : null,
      // As the submit command numbers it (migration 2026-12-02T0900_proposal_references).
      reference: status === "submitted" ? sql<string>`'CIC-' || to_char(nextval('proposal_reference_seq'), 'FM000000')` : null,
    })
    .returning(["id", "title"])
    .executeTakeFirstOrThrow();
}

/** Moves a challenge's deadline into the past, as time passing would. */
export async function closeChallenge(challengeId: string) {
  await db().updateTable("challenges")
    .set({ opens_at: sql`now() - interval '30 days'`, closes_at: sql`now() - interval '1 minute'` })
    .where("id", "=", challengeId).execute();
}

/** An attachment stored as an upload would be (bytes in UPLOAD_DIR under a generated name), on a proposal, a milestone or a message. */
export async function createAttachment(
  owner: { proposalId: string } | { milestoneId: string } | { messageId: string },
  opts: { orgId: string; userId?: string | null; name?: string; bytes?: Uint8Array; mediaType?: string; ext?: string },
) {
  const { storeFile, sha256Of } = await import("../../app/server/attachments/storage.server");
  const bytes = opts.bytes ?? new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  const storageName = await storeFile(bytes, opts.ext ?? "pdf");
  return db().insertInto("attachments").values({
    proposal_id: "proposalId" in owner ? owner.proposalId : null,
    milestone_id: "milestoneId" in owner ? owner.milestoneId : null,
    message_id: "messageId" in owner ? owner.messageId : null,
    org_id: opts.orgId, uploaded_by: opts.userId ?? null, original_name: opts.name ?? "evidence.pdf", storage_name: storageName,
    media_type: opts.mediaType ?? "application/pdf", size_bytes: bytes.byteLength, sha256: sha256Of(bytes),
  }).returning(["id", "storage_name"]).executeTakeFirstOrThrow();
}

/** The columns a test must give for a row of `table` (its owners), and any others it wants to set. */
type Values<T extends keyof Database, Needed extends keyof Insertable<Database[T]>> =
  Pick<Insertable<Database[T]>, Needed> & Partial<Insertable<Database[T]>>;

/** One row written and read back whole. Each factory below fixes its table's defaults and required owners. */
async function insertRow<T extends keyof Database>(table: T, values: Insertable<Database[T]>): Promise<Selectable<Database[T]>> {
  // Kysely cannot check values against a table chosen by a type parameter; the factories' signatures do.
  return (await db().insertInto(table).values(values as never).returningAll().executeTakeFirstOrThrow()) as Selectable<Database[T]>;
}

/** A sponsorship offer, accepted, for one team unless the test says otherwise. */
export function createSponsorship(values: Values<"sponsorships", "challenge_id" | "org_id">) {
  return insertRow("sponsorships", { capacity: 1, status: "accepted", ...values });
}

/** A pairing as the pairing job proposes it (fit 0.8, no explanation) unless the test says otherwise. */
export function createPairing(values: Values<"pairings", "challenge_id" | "proposal_id" | "sponsorship_id">) {
  return insertRow("pairings", { fit: 0.8, explanation: sql`'{}'::jsonb`, status: "proposed", ...values });
}

export function createTeam(values: Insertable<Database["teams"]>) {
  return insertRow("teams", values);
}

/** A draft pilot of a team. */
export function createPilot(values: Values<"pilots", "team_id">) {
  return insertRow("pilots", { title: "Street noise sensors", ...values });
}

/**
 * The pairing → team → pilot chain two acceptances of a published pairing leave: the pairing (status
 * "team", both sides accepted), its team of the three organisations and the team's draft pilot, with the
 * sponsorship offer too unless one is given. `pairing`, `pilot` and `sponsorship` override their rows' values.
 */
export async function createPairedPilot(
  team: { challengeId: string; proposalId: string; publicOrgId: string; startupOrgId: string; corporateOrgId: string; sponsorshipId?: string },
  overrides: {
    sponsorship?: Partial<Insertable<Database["sponsorships"]>>;
    pairing?: Partial<Insertable<Database["pairings"]>>;
    pilot?: Partial<Insertable<Database["pilots"]>>;
  } = {},
) {
  const sponsorshipId = team.sponsorshipId
    ?? (await createSponsorship({ challenge_id: team.challengeId, org_id: team.corporateOrgId, ...overrides.sponsorship })).id;
  const pairing = await createPairing({
    challenge_id: team.challengeId, proposal_id: team.proposalId, sponsorship_id: sponsorshipId,
    status: "team", startup_response: "accepted", sponsor_response: "accepted", ...overrides.pairing,
  });
  const row = await createTeam({
    challenge_id: team.challengeId, pairing_id: pairing.id, proposal_id: team.proposalId,
    public_org_id: team.publicOrgId, startup_org_id: team.startupOrgId, corporate_org_id: team.corporateOrgId,
  });
  const pilot = await createPilot({ team_id: row.id, ...overrides.pilot });
  return { sponsorshipId, pairing, team: row, pilot };
}

/**
 * A formed team (public body, start-up, corporate, each a member with a session) and its draft pilot,
 * as two acceptances of a published pairing leave them.
 */
export async function createPilotTeam(opts: { title?: string; challengeTitle?: string; startupUserName?: string; pilot?: Partial<Insertable<Database["pilots"]>> } = {}) {
  const body = await createMember("public_body");
  const startup = await createMember("startup", { name: opts.startupUserName });
  const corp = await createMember("corporate");
  const title = opts.title ?? "Street noise sensors";
  const challenge = await createChallenge(body.orgId, { title: opts.challengeTitle });
  const proposal = await createProposal(challenge.id, startup.orgId, { status: "submitted", title });
  const { pilot } = await createPairedPilot(
    { challengeId: challenge.id, proposalId: proposal.id, publicOrgId: body.orgId, startupOrgId: startup.orgId, corporateOrgId: corp.orgId },
    { pairing: { fit: 0.9 }, pilot: { title, ...opts.pilot } },
  );
  return { body, startup, corp, challengeId: challenge.id, pilotId: pilot.id };
}

/** A KPI of a pilot: complaints a month, from 40 down to 10, measured monthly, unless the test says otherwise. */
export function createKpi(values: Values<"kpis", "pilot_id">) {
  return insertRow("kpis", { name: "Complaints", unit: "a month", baseline: 40, target: 10, direction: "lower", frequency: "monthly", ...values });
}

/** A measurement of a KPI, recorded (not yet reviewed). */
export function createMeasurement(values: Values<"measurements", "kpi_id" | "measured_on" | "value">) {
  return insertRow("measurements", values);
}

/** A planned milestone of a pilot, owned by one of the team's organisations. */
export function createMilestone(values: Values<"milestones", "pilot_id" | "owner_org_id">) {
  return insertRow("milestones", { title: "Sensors installed", due_on: "2099-01-01", ...values });
}

/** A user on a challenge's judging panel (the database's default capacity unless given). */
export function createJudge(values: Values<"judges", "challenge_id" | "user_id">) {
  return insertRow("judges", values);
}

/** A review assigned to a judge, not yet started. */
export function createReview(values: Values<"reviews", "challenge_id" | "proposal_id" | "judge_id">) {
  return insertRow("reviews", values);
}

/** The UK calendar day `offset` days from today, as GOV.UK date input fields named `name.day`, `name.month`, `name.year`. */
export function ukDateFields(name: string, offset: number) {
  const d = new Date(Date.now() + offset * DAY);
  const [y, m, day] = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" })
    .format(d).split("-");
  return { [`${name}.day`]: String(Number(day)), [`${name}.month`]: String(Number(m)), [`${name}.year`]: y! };
}

/** A message in a proposal's thread, as posting one leaves it (without its notices and audit row). */
export function createMessage(values: Values<"proposal_messages", "proposal_id" | "org_id">) {
  return insertRow("proposal_messages", { body: "A message about the proposal", ...values });
}

/**
 * A data-register entry of a pilot (decision 034) with its first version, declared by `orgId`: waiting for
 * approval, without personal data, unless the test says otherwise.
 */
export async function createRegisterEntry(pilotId: string, orgId: string, version: Partial<Insertable<Database["data_register_versions"]>> = {}) {
  const entry = await insertRow("data_register_entries", { pilot_id: pilotId });
  const first = await insertRow("data_register_versions", {
    entry_id: entry.id, version: 1, dataset: "Street noise readings", owner_organisation: "The start-up", description: "Decibel readings every minute",
    personal_data: false, purpose: "To measure noise", retention: "Two years", access: "The team", declared_by_org_id: orgId, ...version,
  });
  return { entryId: entry.id, version: first };
}
