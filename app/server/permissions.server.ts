// What each kind of member may do, as typed permission strings checked by one helper (403 otherwise).
// Ownership is the second check: data access functions always filter by the acting organisation, so a
// resource that is not yours is simply "not found" (404) and its existence does not leak.
// Programme-office powers (verify organisations, manage themes) are checked by requireAdmin.
import type { OrgKind } from "../../db/schema";
import { requireOrgActor, type Actor, type Membership } from "./auth.server";

export type Permission =
  | "create:challenge"
  | "update:challenge:own"
  | "read:proposals:own-challenge"
  | "create:proposal"
  | "ask:clarification"
  | "update:proposal:own"
  | "offer:sponsorship";

const KIND_FOR: Record<Permission, OrgKind> = {
  "create:challenge": "public_body",
  "update:challenge:own": "public_body",
  "read:proposals:own-challenge": "public_body",
  "create:proposal": "startup",
  "ask:clarification": "startup",
  "update:proposal:own": "startup",
  "offer:sponsorship": "corporate",
};

export function can(actor: Pick<Actor, "org">, permission: Permission): boolean {
  return actor.org !== null && actor.org.kind === KIND_FOR[permission];
}

/** The signed-in actor acting for an organisation allowed this permission; visitors go to sign in, others get 403. */
export function requirePermission(request: Request, permission: Permission): Promise<Actor & { org: Membership }> {
  return requireOrgActor(request, [KIND_FOR[permission]]);
}
