// Membership of an organisation after joining: its administrators remove members, make members
// administrators or members again and replace the joining code; anyone leaves. An organisation always keeps
// an administrator. Each change runs in one transaction that holds the organisation's row locked, so two
// changes to the same organisation (two administrators stepping down at once) are decided one after the other.
//
// Access ends with the membership row: requireActor reads the user's memberships on every request, so a
// removed member's sessions stop acting for the organisation at their next request; the sessions' choice of
// it is also cleared here, so nothing (the audit of a refusal among them) still names it for them.
import { sql } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/client";
import { formatDate } from "../../lib/dates";
import { isOrgAdmin, ORG_ROLE_NAME, type OrgRole } from "../../lib/org-roles";
import { audit } from "../audit.server";
import type { Actor, Membership } from "../auth.server";
import { forbidden, notFound } from "../http.server";
import { setActiveOrg } from "../session.server";
import { db } from "../connections.server";
import { idField } from "../ids.server";
import { newJoinCode } from "./organisations.server";

/** The actor's membership of the organisation (any role); anyone else is told it does not exist (404). */
export function requireMemberOf(actor: Actor, orgId: string): Membership {
  const membership = actor.memberships.find((m) => m.orgId === orgId);
  if (!membership) notFound();
  return membership;
}

/** Makes one of the actor's own organisations the one they act for; any other is refused (403). */
export async function actForOrganisation(actor: Actor, orgId: string): Promise<void> {
  if (!actor.memberships.some((m) => m.orgId === orgId)) forbidden("You are not a member of that organisation");
  await setActiveOrg(actor.session.id, orgId);
}

export const membershipActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["remove", "promote", "demote"]), userId: idField("Choose a member") }),
  z.object({ intent: z.literal("rotate-code") }),
  z.object({ intent: z.literal("leave") }),
], { error: "Choose what to do" });

export type MembershipAction = z.output<typeof membershipActionSchema>;

export const LAST_ADMIN_MESSAGE =
  "You are the only administrator. Make another member an administrator before you leave or stop being one";

export type MembershipResult =
  | { ok: true; change: "removed" | "left" | "promoted" | "demoted" | "rotated" | "unchanged"; userId: string | null }
  /** not-member: the actor (or the member acted on) is not in the organisation, as if it did not exist (404). */
  | { ok: false; reason: "not-member" | "not-admin" | "last-admin" };

/** The organisation's members as its members see them; emails only for its administrators. */
export async function listMembers(orgId: string, opts: { withEmails: boolean }) {
  const rows = await db().selectFrom("memberships").innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.name", "users.email", "memberships.role", "memberships.created_at"])
    .where("memberships.org_id", "=", orgId)
    .orderBy(sql`memberships.role = 'owner'`, "desc").orderBy("users.name").orderBy("users.id").execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, email: opts.withEmails ? r.email : null, role: r.role, joinedAt: r.created_at }));
}

/** Only for the organisation's administrators' page. */
export async function joinCodeOf(orgId: string): Promise<string> {
  return (await db().selectFrom("organisations").select("join_code").where("id", "=", orgId).executeTakeFirstOrThrow()).join_code;
}

export function countAdmins(orgId: string): Promise<number> {
  return adminsIn(db(), orgId);
}

const AUDIT = {
  removed: "organisation.member_removed",
  left: "organisation.member_left",
  promoted: "organisation.member_role_changed",
  demoted: "organisation.member_role_changed",
  rotated: "organisation.join_code_rotated",
} as const;

/**
 * Carries out one change for `actorId`, checking their role and the last-administrator rule inside the
 * transaction, and writes its audit row there (a change that is no change records nothing).
 */
export function changeMembership(request: Request, orgId: string, actorId: string, action: MembershipAction): Promise<MembershipResult> {
  return db().transaction().execute(async (tx) => {
    const result = await decideMembership(tx, orgId, actorId, action);
    if (result.ok && result.change !== "unchanged") {
      const role = result.change === "promoted" ? ORG_ROLE_NAME.owner : result.change === "demoted" ? ORG_ROLE_NAME.member : null;
      await audit(tx, request, {
        action: AUDIT[result.change],
        subject: { type: "organisation", id: orgId, orgId },
        detail: { ...(result.userId ? { userId: result.userId } : {}), ...(role ? { role } : {}) },
      });
    }
    return result;
  });
}

async function decideMembership(tx: DB, orgId: string, actorId: string, action: MembershipAction): Promise<MembershipResult> {
  const org = await tx.selectFrom("organisations").select("id").where("id", "=", orgId).forUpdate().executeTakeFirst();
  const actorRole = org ? await roleIn(tx, orgId, actorId) : null;
  if (!actorRole) return { ok: false, reason: "not-member" } as const;

  if (action.intent === "leave") return endMembership(tx, orgId, actorId, actorRole, "left");
  if (!isOrgAdmin(actorRole)) return { ok: false, reason: "not-admin" } as const;

  if (action.intent === "rotate-code") {
    await rotateJoinCode(tx, orgId);
    return { ok: true, change: "rotated", userId: null } as const;
  }
  const targetRole = await roleIn(tx, orgId, action.userId);
  if (!targetRole) return { ok: false, reason: "not-member" } as const;
  if (action.intent === "remove") return endMembership(tx, orgId, action.userId, targetRole, action.userId === actorId ? "left" : "removed");

  const role: OrgRole = action.intent === "promote" ? "owner" : "member";
  if (role === targetRole) return { ok: true, change: "unchanged", userId: action.userId } as const;
  if (role === "member" && (await adminsIn(tx, orgId)) <= 1) return { ok: false, reason: "last-admin" } as const;
  await tx.updateTable("memberships").set({ role }).where("org_id", "=", orgId).where("user_id", "=", action.userId).execute();
  return { ok: true, change: role === "owner" ? "promoted" : "demoted", userId: action.userId } as const;
}

async function roleIn(tx: DB, orgId: string, userId: string): Promise<OrgRole | null> {
  const row = await tx.selectFrom("memberships").select("role").where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst();
  return row?.role ?? null;
}

async function adminsIn(tx: DB, orgId: string): Promise<number> {
  const { n } = await tx.selectFrom("memberships").select(sql<string>`count(*)`.as("n"))
    .where("org_id", "=", orgId).where("role", "=", "owner").executeTakeFirstOrThrow();
  return Number(n);
}

async function endMembership(tx: DB, orgId: string, userId: string, role: OrgRole, change: "removed" | "left"): Promise<MembershipResult> {
  if (isOrgAdmin(role) && (await adminsIn(tx, orgId)) <= 1) return { ok: false, reason: "last-admin" };
  await tx.deleteFrom("memberships").where("org_id", "=", orgId).where("user_id", "=", userId).execute();
  await tx.updateTable("sessions").set({ active_org_id: null }).where("user_id", "=", userId).where("active_org_id", "=", orgId).execute();
  await rememberFormerMembership(tx, orgId, userId);
  return { ok: true, change, userId };
}

/**
 * Membership of an applicant made a judge conflicted with it; leaving does not end that. A conflict of the
 * person's is recorded (unless they declared one), on no panel, so it holds on every panel they join (decision 013).
 */
async function rememberFormerMembership(tx: DB, orgId: string, userId: string) {
  const org = await tx.selectFrom("organisations").select("kind").where("id", "=", orgId).executeTakeFirstOrThrow();
  if (org.kind === "public_body") return;
  await tx.insertInto("judge_conflicts")
    .values({ user_id: userId, judge_id: null, org_id: orgId, relation: "other", note: `Was a member until ${formatDate(new Date())}` })
    .onConflict((oc) => oc.columns(["user_id", "org_id"]).where("org_id", "is not", null).doNothing()).execute();
}

/** A fresh code; the old one matches nothing from this commit on. Codes are unique: a clash draws again. */
async function rotateJoinCode(tx: DB, orgId: string) {
  for (;;) {
    const code = newJoinCode();
    const taken = await tx.selectFrom("organisations").select("id").where("join_code", "=", code).executeTakeFirst();
    if (taken) continue;
    await tx.updateTable("organisations").set({ join_code: code }).where("id", "=", orgId).execute();
    return;
  }
}
