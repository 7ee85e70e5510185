// An organisation's single sign-on settings (decision 040), for its administrators only: its OpenID Connect
// connection (issuer, client id, secret — the issuer's discovery fetched and checked before saving; the
// secret encrypted and never shown back), switching it on and off, and the e-mail domains it claims, each
// proved with a DNS TXT record before it maps anyone. Every change checks the role and writes its audit row
// in its own transaction, as the API tokens do (decision 038).
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { sql } from "kysely";
import { z } from "zod";
import { adminCheck, type AdminRefusal } from "../organisations/admin-only.server";
import { issuerProblem, normaliseDomain, txtRecordsProve, verificationRecordName, verificationRecordValue } from "../../rules/sso/sso";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { env } from "../env.server";
import { idField } from "../ids.server";
import { RuleError } from "../rule-error.server";
import { lookupTxt } from "./dns.server";
import { discoverProvider, discoveryFailure } from "./oidc.server";
import { encryptClientSecret } from "./secrets.server";

const trimmed = (max: number, enter: string, tooLong: string) => z.string({ error: enter }).trim().min(1, enter).max(max, tooLong);

export const connectionSchema = z.object({
  intent: z.literal("connect"),
  issuer: trimmed(500, "Enter the issuer address", "The issuer address must be 500 characters or fewer")
    .superRefine((v, ctx) => {
      const problem = issuerProblem(v, env().SSO_ALLOW_INSECURE_HTTP === "true");
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  clientId: trimmed(300, "Enter the client ID", "The client ID must be 300 characters or fewer"),
  // Blank keeps the secret already saved (it is never shown back, so the form cannot hold it).
  clientSecret: z.string().max(1000, "The client secret must be 1,000 characters or fewer").optional().transform((v) => v?.trim() ?? ""),
});

export const ssoActionSchema = z.discriminatedUnion("intent", [
  connectionSchema,
  z.object({ intent: z.enum(["enable", "disable"]) }),
  z.object({ intent: z.literal("add-domain"), domain: z.string({ error: "Enter a domain" }).trim().min(1, "Enter a domain") }),
  z.object({ intent: z.enum(["verify-domain", "remove-domain"]), domainId: idField("Choose a domain") }),
], { error: "Choose what to do" });

export type SsoAction = z.output<typeof ssoActionSchema>;

export type Refused = AdminRefusal;


/** A unique index decided a race (two organisations verifying one domain, one added twice): a message, not a 500. */
async function decidedByIndex<T>(run: () => Promise<T>, message: string, field: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw new RuleError(message, field);
    throw error;
  }
}

const subject = (orgId: string) => ({ type: "organisation" as const, id: orgId, orgId });

/** The settings page's data: never the secret, only whether one is saved. */
export async function readSsoSettings(orgId: string) {
  const connection = await db().selectFrom("sso_connections")
    .leftJoin("users as editor", "editor.id", "sso_connections.updated_by")
    .select(["sso_connections.id", "sso_connections.issuer", "sso_connections.client_id", "sso_connections.enabled", "sso_connections.updated_at", "editor.name as updated_by_name"])
    .where("sso_connections.org_id", "=", orgId).executeTakeFirst();
  const domains = await db().selectFrom("sso_domains")
    .select(["id", "domain", "verification_token", "verified_at", "created_at"])
    .where("org_id", "=", orgId).orderBy("domain").execute();
  return {
    connection: connection ?? null,
    domains: domains.map((d) => ({
      id: d.id, domain: d.domain, verifiedAt: d.verified_at, createdAt: d.created_at,
      recordName: verificationRecordName(d.domain), recordValue: verificationRecordValue(d.verification_token),
    })),
  };
}

/**
 * Saves the connection (new, or a change of issuer, client id or secret). The issuer's discovery document
 * is fetched and checked first, outside the transaction; a failure is a message next to the issuer.
 */
export async function saveConnection(request: Request, orgId: string, userId: string, input: { issuer: string; clientId: string; clientSecret: string }) {
  const existing = await db().selectFrom("sso_connections").select(["id"]).where("org_id", "=", orgId).executeTakeFirst();
  if (!existing && !input.clientSecret) throw new RuleError("Enter the client secret", "clientSecret");
  // Discovery needs a secret only to build the client; with the saved one kept, any placeholder does.
  try {
    await discoverProvider({ issuer: input.issuer, clientId: input.clientId, clientSecret: input.clientSecret || "unchanged" });
  } catch (error) {
    throw new RuleError(discoveryFailure(error, input.issuer), "issuer");
  }
  return db().transaction().execute(async (tx): Promise<Refused | { ok: true; created: boolean }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const secret = input.clientSecret ? { client_secret: encryptClientSecret(input.clientSecret) } : {};
    const current = await tx.selectFrom("sso_connections").select("id").where("org_id", "=", orgId).forUpdate().executeTakeFirst();
    let id: string;
    if (current) {
      await tx.updateTable("sso_connections").set({ issuer: input.issuer, client_id: input.clientId, ...secret, updated_by: userId, updated_at: sql`now()` })
        .where("id", "=", current.id).execute();
      id = current.id;
    } else {
      if (!secret.client_secret) throw new RuleError("Enter the client secret", "clientSecret");
      ({ id } = await tx.insertInto("sso_connections")
        .values({ org_id: orgId, issuer: input.issuer, client_id: input.clientId, client_secret: secret.client_secret, created_by: userId, updated_by: userId })
        .returning("id").executeTakeFirstOrThrow());
    }
    // Ids and outcomes only: the issuer and client id are the organisation's settings page's, the secret nobody's.
    await audit(tx, request, { action: "organisation.sso_connection_saved", subject: subject(orgId), detail: { connectionId: id, created: !current, secretReplaced: Boolean(input.clientSecret) } });
    return { ok: true, created: !current };
  });
}

/** Switches sign-in through the connection on or off; the same state again changes and records nothing. */
export function setConnectionEnabled(request: Request, orgId: string, userId: string, enabled: boolean) {
  return db().transaction().execute(async (tx): Promise<Refused | { ok: true; changed: boolean }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const current = await tx.selectFrom("sso_connections").select(["id", "enabled"]).where("org_id", "=", orgId).forUpdate().executeTakeFirst();
    if (!current) throw new RuleError("Connect your organisation's identity provider first", "issuer");
    if (current.enabled === enabled) return { ok: true, changed: false };
    await tx.updateTable("sso_connections").set({ enabled, updated_by: userId, updated_at: sql`now()` }).where("id", "=", current.id).execute();
    await audit(tx, request, { action: enabled ? "organisation.sso_enabled" : "organisation.sso_disabled", subject: subject(orgId), detail: { connectionId: current.id } });
    return { ok: true, changed: true };
  });
}

function newVerificationToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

const DOMAIN_MESSAGE = "Enter a domain like camden.gov.uk (the part of your staff's e-mail addresses after the @)";

/** Claims a domain for the organisation, unverified, with the token its TXT record must hold. */
export function addDomain(request: Request, orgId: string, userId: string, typed: string) {
  const domain = normaliseDomain(typed);
  if (!domain) throw new RuleError(DOMAIN_MESSAGE, "domain");
  return decidedByIndex(() => db().transaction().execute(async (tx): Promise<Refused | { ok: true; id: string }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const taken = await tx.selectFrom("sso_domains").select(["org_id", "verified_at"]).where("domain", "=", domain)
      .where((eb) => eb.or([eb("org_id", "=", orgId), eb("verified_at", "is not", null)])).execute();
    if (taken.some((t) => t.org_id === orgId)) throw new RuleError(`${domain} is already on this page`, "domain");
    if (taken.length > 0) throw new RuleError(`${domain} is verified by another organisation. Ask the programme office if you think that is wrong`, "domain");
    const { id } = await tx.insertInto("sso_domains").values({ org_id: orgId, domain, verification_token: newVerificationToken(), created_by: userId })
      .returning("id").executeTakeFirstOrThrow();
    await audit(tx, request, { action: "organisation.sso_domain_added", subject: subject(orgId), detail: { domainId: id } });
    return { ok: true, id };
  }), `${domain} is already on this page`, "domain");
}

/**
 * Looks for the domain's TXT record (outside the transaction) and marks it verified when it holds the
 * token. A domain another organisation has verified meanwhile stays theirs (a unique index decides).
 */
export async function verifyDomain(request: Request, orgId: string, userId: string, domainId: string) {
  const row = await db().selectFrom("sso_domains").select(["domain", "verification_token", "verified_at"])
    .where("id", "=", domainId).where("org_id", "=", orgId).executeTakeFirst();
  if (!row) return { ok: false, reason: "not-found" } as const;
  if (row.verified_at) return { ok: true, changed: false } as const;
  const records = await lookupTxt(verificationRecordName(row.domain));
  if (records === "unavailable") throw new RuleError("We could not ask DNS about the domain just now. Try again in a few minutes", "form");
  if (!txtRecordsProve(records, row.verification_token)) {
    throw new RuleError(`We did not find the TXT record for ${row.domain}. Records can take up to an hour to appear: check the name and value and try again`, "form");
  }
  return decidedByIndex(() => db().transaction().execute(async (tx): Promise<Refused | { ok: true; changed: boolean }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const taken = await tx.selectFrom("sso_domains").select("id").where("domain", "=", row.domain).where("verified_at", "is not", null).where("org_id", "!=", orgId).executeTakeFirst();
    if (taken) throw new RuleError(`${row.domain} is verified by another organisation. Ask the programme office if you think that is wrong`, "form");
    const updated = await tx.updateTable("sso_domains").set({ verified_at: sql`now()` }).where("id", "=", domainId).where("org_id", "=", orgId)
      .where("verified_at", "is", null).returning("id").executeTakeFirst();
    if (!updated) return { ok: true, changed: false };
    await audit(tx, request, { action: "organisation.sso_domain_verified", subject: subject(orgId), detail: { domainId } });
    return { ok: true, changed: true };
  }), `${row.domain} is verified by another organisation. Ask the programme office if you think that is wrong`, "form");
}

/** Takes a domain off: new sign-ins at it stop at once; accounts already made stay members. */
export function removeDomain(request: Request, orgId: string, userId: string, domainId: string) {
  return db().transaction().execute(async (tx): Promise<Refused | { ok: true }> => {
    const refused = await adminCheck(tx, orgId, userId);
    if (refused) return refused;
    const removed = await tx.deleteFrom("sso_domains").where("id", "=", domainId).where("org_id", "=", orgId).returning("id").executeTakeFirst();
    if (!removed) return { ok: false, reason: "not-found" };
    await audit(tx, request, { action: "organisation.sso_domain_removed", subject: subject(orgId), detail: { domainId } });
    return { ok: true };
  });
}
