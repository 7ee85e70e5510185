// Helpers for walking every route of the production build: the route manifest with full paths, a small
// seeded programme with one of everything a URL parameter can name, and a read-only snapshot of the database.
import { randomUUID } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "kysely";
import { db } from "../../app/server/connections.server";
import { generateSessionToken, sessionIdFromToken } from "../../app/server/session.server";
import {
  addMember, createAdmin, createAttachment, createChallenge, createJudge, createMember, createPairedPilot, createProposal, createReview, createUser,
  sessionCookieFor,
} from "./factories";

const FACTORS = { score: 0.4, preferences: 0.2, needs: 0.2, readiness: 0.1, area: 0.1 };

export interface WalkRoute {
  id: string;
  /** Full path pattern, e.g. `/my/challenges/:id/judges`. */
  path: string;
  hasLoader: boolean;
}

export async function loadBuild(): Promise<ServerBuild> {
  const buildUrl = new URL("../../build/index.js", import.meta.url).href;
  return (await import(/* @vite-ignore */ buildUrl)) as ServerBuild;
}

/** Every route of the manifest, with its full path (parents' paths joined), in path order. */
export function manifestRoutes(build: ServerBuild): WalkRoute[] {
  const routes = build.routes;
  const fullPath = (id: string): string => {
    const r = routes[id];
    if (!r) return "";
    const parent = r.parentId ? fullPath(r.parentId) : "";
    return [parent, r.path ?? ""].filter(Boolean).join("/");
  };
  return Object.values(routes)
    .filter((r): r is NonNullable<typeof r> => !!r && r.id !== "root")
    .map((r) => ({ id: r.id, path: `/${fullPath(r.id)}`.replace(/\/+/g, "/"), hasLoader: typeof r.module.loader === "function" }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.id.localeCompare(b.id));
}

/**
 * `pending`: an admin and judge whose password was right but who has not given the second factor yet.
 * `unenrolled`: an admin and judge who has not set up a second factor (and so must, before anything else).
 * `unconfirmed`: a member of the start-up whose account has not confirmed its email address.
 */
export const ROLES = ["visitor", "startup", "owner", "otherBody", "corporate", "judge", "admin", "pending", "unenrolled", "unconfirmed"] as const;
export type Role = (typeof ROLES)[number];

export interface Programme {
  cookies: Record<Role, string | undefined>;
  ownerOrgId: string;
  openChallengeId: string;
  closedChallengeId: string;
  draftChallengeId: string;
  proposalId: string;
  reviewId: string;
  sponsorshipId: string;
  pairingId: string;
  pilotId: string;
  invitationToken: string;
  attachmentId: string;
  /** A resident's published suggestion (decision 035). */
  suggestionId: string;
}

/**
 * One public body (the owner) with an open, a closed and a draft challenge; on the closed one a start-up's
 * submitted proposal, a judge with a review, an accepted sponsorship by a corporate, a pairing that became a
 * team, and the team's draft pilot; an outstanding judge invitation.
 */
export async function seedProgramme(): Promise<Programme> {
  const owner = await createMember("public_body");
  const otherBody = await createMember("public_body");
  const startup = await createMember("startup");
  const corporate = await createMember("corporate");
  const admin = await createAdmin();
  const judgeUser = await createUser();

  const open = await createChallenge(owner.orgId, { title: "Route walk open challenge" });
  const closed = await createChallenge(owner.orgId, {
    title: "Route walk closed challenge",
    opensAt: new Date(Date.now() - 40 * 86_400_000),
    closesAt: new Date(Date.now() - 60_000),
  });
  const draft = await createChallenge(owner.orgId, { status: "draft", title: "Route walk draft challenge" });
  await createProposal(open.id, startup.orgId, { status: "submitted" });
  const proposal = await createProposal(closed.id, startup.orgId, { status: "submitted", title: "Route walk proposal" });

  const judge = await createJudge({ challenge_id: closed.id, user_id: judgeUser.id, capacity: 3 });
  // Admins who are also judges on the closed challenge: all the power a missing second factor must not unlock.
  const pendingUser = await createUser({ isAdmin: true });
  const unenrolledUser = await createUser({ isAdmin: true, twoFactor: false });
  const unconfirmedUser = await createUser({ confirmed: false });
  await addMember(unconfirmedUser.id, startup.orgId);
  await db().insertInto("judges").values([pendingUser, unenrolledUser].map((u) => ({ challenge_id: closed.id, user_id: u.id }))).execute();
  const review = await createReview({ challenge_id: closed.id, proposal_id: proposal.id, judge_id: judge.id, manual: true });
  const invitationToken = generateSessionToken();
  await db().insertInto("judge_invitations").values({
    challenge_id: closed.id, email: "invited.judge@example.org", invited_by: owner.user.id,
    token_hash: sessionIdFromToken(invitationToken), expires_at: new Date(Date.now() + 7 * 86_400_000),
  }).execute();

  const { sponsorshipId, pairing, pilot } = await createPairedPilot(
    { challengeId: closed.id, proposalId: proposal.id, publicOrgId: owner.orgId, startupOrgId: startup.orgId, corporateOrgId: corporate.orgId },
    {
      sponsorship: { created_by: corporate.user.id },
      // The shape the pairing job writes (jobs/pairing/pair-teams.ts): the owner's pairing page renders it.
      pairing: { explanation: sql`cast(${JSON.stringify({ factors: FACTORS, shares: FACTORS })}::text as jsonb)` },
      pilot: { title: "Route walk pilot" },
    },
  );

  const attachment = await createAttachment({ proposalId: proposal.id }, { orgId: startup.orgId, userId: startup.user.id, name: "Route walk plan.pdf" });
  const [theme, area] = await Promise.all([db().selectFrom("themes").select("id").executeTakeFirstOrThrow(), db().selectFrom("areas").select("id").executeTakeFirstOrThrow()]);
  const suggestion = await db().insertInto("suggestions").values({
    author_id: judgeUser.id, title: "Route walk suggestion", description: "A problem a resident suggested.", theme_id: theme.id, area_id: area.id,
    status: "published", published_at: new Date(),
  }).returning("id").executeTakeFirstOrThrow();

  return {
    attachmentId: attachment.id,
    suggestionId: suggestion.id,
    cookies: {
      visitor: undefined,
      startup: startup.cookie,
      owner: owner.cookie,
      otherBody: otherBody.cookie,
      corporate: corporate.cookie,
      judge: await sessionCookieFor(judgeUser.id, null),
      admin: admin.cookie,
      pending: await sessionCookieFor(pendingUser.id, null, { twoFactorVerified: false }),
      unenrolled: await sessionCookieFor(unenrolledUser.id, null),
      unconfirmed: await sessionCookieFor(unconfirmedUser.id, startup.orgId),
    },
    ownerOrgId: owner.orgId,
    openChallengeId: open.id,
    closedChallengeId: closed.id,
    draftChallengeId: draft.id,
    proposalId: proposal.id,
    reviewId: review.id,
    sponsorshipId,
    pairingId: pairing.id,
    pilotId: pilot.id,
    invitationToken,
  };
}

/**
 * A concrete URL for a route pattern: each `:param` filled with a real id of the right kind, or with a random
 * uuid (an id that names nothing) when `unknown` is set. Returns null for a splat route.
 */
export function concretePath(pattern: string, p: Programme, unknown = false): string | null {
  if (pattern.includes("*")) return null;
  return pattern.replace(/:(\w+)/g, (_m, name: string) => {
    if (unknown) return name === "token" ? generateSessionToken() : name === "file" ? "no-such-file.csv" : randomUUID();
    switch (name) {
      case "id":
        if (pattern.startsWith("/challenges/")) return p.openChallengeId;
        if (pattern.startsWith("/my/challenges/")) return p.closedChallengeId;
        if (pattern.startsWith("/my/proposals/")) return p.proposalId;
        if (pattern.startsWith("/my/sponsorships/")) return p.sponsorshipId;
        if (pattern.startsWith("/organisations/") || pattern.startsWith("/calendars/")) return p.ownerOrgId;
        if (pattern.startsWith("/pilots/")) return p.pilotId;
        if (pattern.startsWith("/attachments/")) return p.attachmentId;
        if (pattern.startsWith("/proposals/")) return p.proposalId;
        if (pattern.startsWith("/suggestions/")) return p.suggestionId;
        throw new Error(`route walk: no id for ${pattern}; add one to concretePath`);
      case "proposalId":
        return p.proposalId;
      case "challengeId":
        return p.closedChallengeId;
      case "reviewId":
        return p.reviewId;
      case "token":
        return p.invitationToken;
      case "file":
        return "challenges.csv";
      default:
        throw new Error(`route walk: unknown parameter :${name} in ${pattern}; add it to concretePath`);
    }
  });
}

/**
 * Row count and checksum of every table the app can read (sessions without their sliding expiry). The audit
 * trail (with its tally of refusals) is left out: recording what was seen and refused is the one write a
 * read must make (tests/integration/audit.test.ts).
 */
export async function snapshotDatabase(): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_events', 'audit_refusal_tallies')
      AND has_table_privilege(format('%I.%I', table_schema, table_name), 'SELECT') ORDER BY table_name
  `.execute(db());
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables.rows) {
    const strip = name === "sessions" ? sql` - 'expires_at'` : sql``;
    const row = await sql<{ n: string; sum: string | null }>`
      SELECT count(*)::text AS n, md5(string_agg(x, '|' ORDER BY x)) AS sum
      FROM (SELECT (to_jsonb(t)${strip})::text AS x FROM ${sql.table(name)} t) rows
    `.execute(db());
    out[name] = `${row.rows[0]!.n}:${row.rows[0]!.sum ?? "-"}`;
  }
  return out;
}
