// Organisations and membership. A user creates an organisation (and owns it) or joins one with the
// code its members share; they then act within one chosen organisation at a time.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { OrgKind } from "../../../db/schema";
import { optionalText, requiredText } from "../../lib/validation";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { TEXT_LIMITS } from "../../lib/field-limits";
import { idField } from "../ids.server";
import { lookAlikesOf, nameWordsSql, verifiedNamesake } from "./look-alikes.server";

export const createOrgSchema = z.object({
  name: requiredText("the organisation's name", 150, 2),
  kind: z.enum(["public_body", "startup", "corporate"], { error: "Select the kind of organisation" }),
  description: optionalText("the description", TEXT_LIMITS.organisation.description),
  website: z
    .string()
    .trim()
    .max(300, "Website must be 300 characters or fewer")
    .optional()
    .refine((v) => !v || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(v), "Enter a website address starting with https://, like https://example.org"),
});

export const joinOrgSchema = z.object({
  code: z.string({ error: "Enter the joining code" }).trim().toUpperCase().min(1, "Enter the joining code")
    .regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/, "Enter the joining code in the format ABCD-1234"),
});

/** Choosing which of one's organisations to act for (/organisations). */
export const chooseOrgSchema = z.object({ orgId: idField("Select an organisation") });

/** An admin verifying an organisation, or taking the mark away (/admin/organisations). */
export const verifyOrgSchema = z.object({ orgId: idField(), verified: z.enum(["yes", "no"]) });

/** Short and unambiguous to read aloud or type: no 0/O or 1/I. */
export function newJoinCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export async function createOrganisation(request: Request, userId: string, input: { name: string; kind: OrgKind; description: string; website?: string }) {
  return db().transaction().execute(async (tx) => {
    const org = await tx.insertInto("organisations")
      .values({ name: input.name, kind: input.kind, description: input.description, website: input.website || null, join_code: newJoinCode() })
      .returning(["id"]).executeTakeFirstOrThrow();
    await tx.insertInto("memberships").values({ user_id: userId, org_id: org.id, role: "owner" }).execute();
    await audit(tx, request, { action: "organisation.created", subject: { type: "organisation", id: org.id, orgId: org.id }, detail: { userId } });
    return org.id;
  });
}

/** Joins with the organisation's current code (a replaced code matches nothing); `joined` is false for a member already. */
export async function joinOrganisation(request: Request, userId: string, code: string) {
  return db().transaction().execute(async (tx) => {
    const org = await tx.selectFrom("organisations").select(["id", "name"]).where("join_code", "=", code).forShare().executeTakeFirst();
    if (!org) return null;
    const added = await tx.insertInto("memberships").values({ user_id: userId, org_id: org.id, role: "member" })
      .onConflict((oc) => oc.columns(["user_id", "org_id"]).doNothing()).returning("org_id").executeTakeFirst();
    if (added) await audit(tx, request, { action: "organisation.member_joined", subject: { type: "organisation", id: org.id, orgId: org.id }, detail: { userId } });
    return { ...org, joined: !!added };
  });
}

/** Every start-up, by name: what a sponsor may say it prefers to work with. */
export function listStartups() {
  return db().selectFrom("organisations").select(["id", "name"]).where("kind", "=", "startup").orderBy("name").execute();
}

/** The organisation as its members see it (with the joining code), or undefined for non-members. */
export function getOrganisationForMember({ orgId, userId }: { orgId: string; userId: string }) {
  return db().selectFrom("organisations")
    .innerJoin("memberships", "memberships.org_id", "organisations.id")
    .select(["organisations.id", "organisations.name", "organisations.kind", "organisations.description",
      "organisations.website", "organisations.join_code", "organisations.verified_at", "memberships.role"])
    .select((eb) =>
      eb.selectFrom("memberships as m").innerJoin("users", "users.id", "m.user_id")
        .select(sql<{ name: string; role: string }[]>`coalesce(json_agg(json_build_object('name', users.name, 'role', m.role) ORDER BY users.name), '[]')`.as("members"))
        .whereRef("m.org_id", "=", "organisations.id").as("members"))
    .where("organisations.id", "=", orgId).where("memberships.user_id", "=", userId)
    .executeTakeFirst();
}

/** The verification queue: unverified first, each with the verified organisations its name reads like. */
export async function listOrganisationsForAdmin() {
  const orgs = await db().selectFrom("organisations")
    .select(["id", "name", "kind", "website", "verified_at", "created_at", "name_key", nameWordsSql.as("name_words")])
    .select((eb) => eb.selectFrom("memberships").select(sql<string>`count(*)`.as("n")).whereRef("memberships.org_id", "=", "organisations.id").as("member_count"))
    .orderBy(sql`verified_at IS NOT NULL`).orderBy("name").execute();
  const alike = await lookAlikesOf(orgs);
  return orgs.map(({ name_key: _k, name_words: _w, ...o }) => ({ ...o, looksLike: alike.get(o.id) ?? [] }));
}

export type VerifyResult = { ok: true } | { ok: false; reason: "not-found" } | { ok: false; reason: "namesake"; namesake: string };

/**
 * Verifies an organisation (or takes the mark away). Two verified organisations never read the same: a
 * verified namesake refuses it here, and the partial unique index on name_key if two admins race.
 */
export async function setVerified(request: Request, orgId: string, adminId: string, verified: boolean): Promise<VerifyResult> {
  if (verified) {
    const namesake = await verifiedNamesake(orgId);
    if (namesake) return { ok: false, reason: "namesake", namesake: namesake.name };
  }
  try {
    return await db().transaction().execute(async (tx): Promise<VerifyResult> => {
      const r = await tx.updateTable("organisations")
        .set(verified ? { verified_at: sql`now()`, verified_by: adminId } : { verified_at: null, verified_by: null })
        .where("id", "=", orgId).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return { ok: false, reason: "not-found" };
      await audit(tx, request, { action: "organisation.verified", subject: { type: "organisation", id: orgId, orgId }, detail: { verified } });
      return { ok: true };
    });
  } catch (error) {
    if ((error as { code?: string }).code === "23505") return { ok: false, reason: "namesake", namesake: (await verifiedNamesake(orgId))?.name ?? "another organisation" };
    throw error;
  }
}
