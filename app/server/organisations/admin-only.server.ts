// An organisation's own settings (API tokens, webhooks, single sign-on) are its administrators' alone: a
// member who is not one is refused (403), anyone else is told the organisation does not exist (404), as on
// the members page (decision 012). The route checks before reading the form; each command checks again
// inside its own transaction, against a role another administrator may be changing at that moment.
import type { DB } from "../../../db/client";
import { isOrgAdmin } from "../../lib/org-roles";
import { requireActor } from "../auth.server";
import { forbidden, notFound } from "../http.server";
import { requireId } from "../ids.server";
import { requireMemberOf } from "./membership.server";

/** Why a command for an organisation's administrators did nothing. */
export type AdminRefusal = { ok: false; reason: "not-member" | "not-admin" | "not-found" };

/** In the command's transaction: null when the user administers the organisation, the refusal otherwise. */
export async function adminCheck(tx: DB, orgId: string, userId: string): Promise<AdminRefusal | null> {
  // The organisation's row locked: a change decided against a role another administrator is changing waits.
  const org = await tx.selectFrom("organisations").select("id").where("id", "=", orgId).forShare().executeTakeFirst();
  const row = org ? await tx.selectFrom("memberships").select("role").where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst() : undefined;
  if (!row) return { ok: false, reason: "not-member" };
  if (!isOrgAdmin(row.role)) return { ok: false, reason: "not-admin" };
  return null;
}

/** In a loader or action: the administrator's membership; 404 for a stranger, 403 (with `adminsOnly`) for a member. */
export async function requireOrgAdmin(request: Request, id: string | undefined, adminsOnly: string) {
  const actor = await requireActor(request);
  const membership = requireMemberOf(actor, requireId(id));
  if (!isOrgAdmin(membership.role)) forbidden(adminsOnly);
  return { actor, membership };
}

/** A command's refusal as the route answers it: 403 for a member who is not an administrator, else 404. */
export function refuseAdminOnly(reason: AdminRefusal["reason"], adminsOnly: string): never {
  if (reason === "not-admin") forbidden(adminsOnly);
  notFound();
}
