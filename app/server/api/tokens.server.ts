// Organisation API tokens (decision 038), made the way sessions are (session.server.ts, Lucia's guide): a
// random token handed out once, and only its SHA-256 kept, so a leaked table cannot be replayed. Only an
// organisation's administrators make, list and revoke its tokens; each change is audited in its transaction.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { sql } from "kysely";
import { z } from "zod";
import type { OrgKind } from "../../../db/schema";
import { API_TOKEN_SCOPES, SCOPE_MEANING, type ApiTokenScope } from "../../lib/api-scopes";
import { adminCheck, type AdminRefusal } from "../organisations/admin-only.server";
import { requiredText } from "../../lib/validation";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { idField } from "../ids.server";

export { API_TOKEN_SCOPES, SCOPE_MEANING, type ApiTokenScope };

/** write includes read: a write token is accepted wherever a read token is. */
export function scopeAllows(held: ApiTokenScope, needed: ApiTokenScope): boolean {
  return held === "write" || needed === "read";
}

/** "cic_" and 20 random bytes (160 bits) in base32: the prefix lets secret scanners and people recognise it. */
export const TOKEN_PATTERN = /^cic_[a-z2-7]{32}$/;

export function generateApiToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return `cic_${encodeBase32LowerCaseNoPadding(bytes)}`;
}

export function apiTokenHash(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export const createTokenSchema = z.object({
  intent: z.literal("create"),
  name: requiredText("a name for the token", 80),
  scope: z.enum(API_TOKEN_SCOPES, { error: "Select what the token may do" }),
});

export const revokeTokenSchema = z.object({ intent: z.literal("revoke"), tokenId: idField("Choose a token") });

export const apiTokenActionSchema = z.discriminatedUnion("intent", [createTokenSchema, revokeTokenSchema], { error: "Choose what to do" });

type Refused = AdminRefusal;


/** Makes a token; the token itself is in the result and nowhere else, ever. */
export function createApiToken(request: Request, orgId: string, userId: string, input: { name: string; scope: ApiTokenScope }) {
  return db().transaction().execute(async (tx): Promise<Refused | { ok: true; id: string; token: string }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const token = generateApiToken();
    const { id } = await tx.insertInto("api_tokens")
      .values({ org_id: orgId, name: input.name, scope: input.scope, token_hash: apiTokenHash(token), created_by: userId })
      .returning("id").executeTakeFirstOrThrow();
    await audit(tx, request, { action: "organisation.api_token_created", subject: { type: "organisation", id: orgId, orgId }, detail: { tokenId: id, scope: input.scope } });
    return { ok: true, id, token };
  });
}

/** Revokes one of the organisation's tokens at once; revoking a revoked token changes nothing and records nothing. */
export function revokeApiToken(request: Request, orgId: string, userId: string, tokenId: string) {
  return db().transaction().execute(async (tx): Promise<Refused | { ok: true; changed: boolean }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const token = await tx.selectFrom("api_tokens").select(["id", "revoked_at"]).where("id", "=", tokenId).where("org_id", "=", orgId).forUpdate().executeTakeFirst();
    if (!token) return { ok: false, reason: "not-found" };
    if (token.revoked_at) return { ok: true, changed: false };
    await tx.updateTable("api_tokens").set({ revoked_at: sql`now()`, revoked_by: userId }).where("id", "=", tokenId).execute();
    await audit(tx, request, { action: "organisation.api_token_revoked", subject: { type: "organisation", id: orgId, orgId }, detail: { tokenId } });
    return { ok: true, changed: true };
  });
}

/** The organisation's tokens for its administrators' page: never the hash. */
export function listApiTokens(orgId: string) {
  return db().selectFrom("api_tokens")
    .leftJoin("users as creator", "creator.id", "api_tokens.created_by")
    .leftJoin("users as revoker", "revoker.id", "api_tokens.revoked_by")
    .select(["api_tokens.id", "api_tokens.name", "api_tokens.scope", "api_tokens.created_at", "api_tokens.last_used_at", "api_tokens.revoked_at",
      "creator.name as created_by_name", "revoker.name as revoked_by_name"])
    .where("api_tokens.org_id", "=", orgId)
    .orderBy(sql`api_tokens.revoked_at IS NULL`, "desc").orderBy("api_tokens.created_at", "desc").orderBy("api_tokens.id")
    .execute();
}

export interface ApiCaller {
  tokenId: string;
  orgId: string;
  orgKind: OrgKind;
  scope: ApiTokenScope;
}

/** The live token's organisation and scope, or null (malformed, unknown or revoked: the caller cannot tell which). */
export async function authenticateApiToken(token: string): Promise<ApiCaller | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db().selectFrom("api_tokens").innerJoin("organisations", "organisations.id", "api_tokens.org_id")
    .select(["api_tokens.id", "api_tokens.org_id", "api_tokens.scope", "organisations.kind"])
    .where("api_tokens.token_hash", "=", apiTokenHash(token)).where("api_tokens.revoked_at", "is", null)
    .executeTakeFirst();
  return row ? { tokenId: row.id, orgId: row.org_id, orgKind: row.kind, scope: row.scope } : null;
}

/** When the token was last used, to the minute: at most one write a minute per token, however busy. */
export async function touchApiToken(tokenId: string): Promise<void> {
  await db().updateTable("api_tokens").set({ last_used_at: sql`now()` }).where("id", "=", tokenId)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", sql<Date>`now() - interval '1 minute'`)])).execute();
}
