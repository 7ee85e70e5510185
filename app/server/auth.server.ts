// Who is asking: the signed-in user, their organisations and the one they act within.
import { redirect } from "@remix-run/node";
import type { OrgKind } from "../../db/schema";
import { db } from "./connections.server";
import { forbidden } from "./http.server";
import { readSessionToken, validateSessionToken, type Session, type SessionUser } from "./session.server";

export interface Membership {
  orgId: string;
  name: string;
  kind: OrgKind;
  role: "owner" | "member";
  verified: boolean;
}

export interface Actor {
  user: SessionUser;
  session: Session;
  memberships: Membership[];
  /** The organisation the user currently acts within; null until they choose or create one. */
  org: Membership | null;
}

const actorCache = new WeakMap<Request, Promise<Actor | null>>();

/** The actor for this request, or null for a visitor. Memoised per request (root and route loaders both ask). */
export function getActor(request: Request): Promise<Actor | null> {
  let found = actorCache.get(request);
  if (!found) {
    found = loadActor(request);
    actorCache.set(request, found);
  }
  return found;
}

async function loadActor(request: Request): Promise<Actor | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const result = await validateSessionToken(token);
  if (!result) return null;
  const rows = await db()
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.org_id")
    .select(["organisations.id", "organisations.name", "organisations.kind", "organisations.verified_at", "memberships.role"])
    .where("memberships.user_id", "=", result.user.id)
    .orderBy("organisations.name")
    .execute();
  const memberships: Membership[] = rows.map((r) => ({
    orgId: r.id,
    name: r.name,
    kind: r.kind,
    role: r.role,
    verified: r.verified_at !== null,
  }));
  const org = memberships.find((m) => m.orgId === result.session.activeOrgId) ?? null;
  return { ...result, memberships, org };
}

/** Signed-in users only; visitors are sent to sign in and brought back afterwards. */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
  }
  return actor;
}

/** Signed in and acting within an organisation of one of these kinds; otherwise 403 (or sent to choose one). */
export async function requireOrgActor(request: Request, kinds: OrgKind[]): Promise<Actor & { org: Membership }> {
  const actor = await requireActor(request);
  if (!actor.org) {
    if (actor.memberships.some((m) => kinds.includes(m.kind))) throw redirect("/organisations?choose=1");
    forbidden(`Only members of a ${kinds.map(kindLabel).join(" or ")} organisation can do this`);
  }
  if (!kinds.includes(actor.org.kind)) {
    forbidden(`Only members of a ${kinds.map(kindLabel).join(" or ")} organisation can do this. You are acting for ${actor.org.name}.`);
  }
  return actor as Actor & { org: Membership };
}

export async function requireAdmin(request: Request): Promise<Actor> {
  const actor = await requireActor(request);
  if (!actor.user.isAdmin) forbidden("Only programme administrators can do this");
  return actor;
}

export function kindLabel(kind: OrgKind): string {
  return { public_body: "public body", startup: "start-up", corporate: "corporate" }[kind];
}
