// Who is asking: the signed-in user, their organisations and the one they act within.
import { redirect } from "@remix-run/node";
import type { OrgKind } from "../../db/schema";
import { db } from "./connections.server";
import { CLIENT_IP_HEADER, forbidden, returnPath } from "./http.server";
import { memoForRequest } from "./request-scope.server";
import { keepUnsavedForm } from "./unsaved-forms.server";
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
  /** Admins and judges must have a second factor; anyone may. */
  twoFactor: { required: boolean; enabled: boolean };
}

/**
 * A request's session: a signed-in actor, or a sign-in waiting for its second factor (`pending`: the
 * password was right, the TOTP or recovery code not given yet), or neither (a visitor).
 */
interface SessionState {
  actor: Actor | null;
  pending: Actor | null;
}

const stateCache = new WeakMap<Request, Promise<SessionState>>();

/**
 * Read once per request. A page's root and route loaders get different copies of the Request, so a GET or
 * HEAD is memoised in the request's scope (request-scope.server.ts); any other method only by the Request
 * itself, because an action can sign in, sign out or change organisation before the page's loaders run.
 */
function sessionState(request: Request): Promise<SessionState> {
  if (request.method === "GET" || request.method === "HEAD") return memoForRequest("session-state", () => loadState(request));
  let found = stateCache.get(request);
  if (!found) {
    found = loadState(request);
    stateCache.set(request, found);
  }
  return found;
}

/**
 * The actor for this request, or null for a visitor. Memoised per request (root and route loaders both ask).
 * A session still waiting for its second factor is a visitor here: it cannot act as signed in anywhere.
 */
export async function getActor(request: Request): Promise<Actor | null> {
  return (await sessionState(request)).actor;
}

/** The sign-in waiting for its second factor on this request, if any (for /sign-in/two-factor and sign-out). */
export async function getPendingSignIn(request: Request): Promise<Actor | null> {
  return (await sessionState(request)).pending;
}

async function loadState(request: Request): Promise<SessionState> {
  const token = readSessionToken(request);
  if (!token) return { actor: null, pending: null };
  const result = await validateSessionToken(token);
  if (!result) return { actor: null, pending: null };
  const twoFactor = { required: result.user.isAdmin || result.user.isJudge, enabled: result.user.twoFactorEnabled };
  if (twoFactor.enabled && !result.session.twoFactorVerified) {
    return { actor: null, pending: { ...result, memberships: [], org: null, twoFactor } };
  }
  // Programme-office powers need the second factor: until an admin enrols, nothing treats them as admin
  // (requireActor sends them to enrol first).
  const user = { ...result.user, isAdmin: result.user.isAdmin && twoFactor.enabled };
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
  // Memberships are read afresh for every request, never kept in the session: the organisation a session
  // chose counts only while the user is still its member, so a removed member stops acting for it at once.
  const org = memberships.find((m) => m.orgId === result.session.activeOrgId) ?? null;
  return { actor: { session: result.session, user, memberships, org, twoFactor }, pending: null };
}

/**
 * Signed-in users only; visitors are sent to sign in and brought back afterwards, a sign-in waiting for
 * its second factor to /sign-in/two-factor. Every protected page comes through here, so this is also
 * where admins and judges without a second factor are sent to set one up.
 */
export async function requireActor(request: Request): Promise<Actor> {
  const { actor, pending } = await sessionState(request);
  const url = new URL(request.url);
  const back = encodeURIComponent(returnPath(url));
  if (pending || !actor) {
    // A form sent after the session ended is kept, so that signing in again brings it back (unsaved-forms).
    const kept = await keepUnsavedForm(request, request.headers.get(CLIENT_IP_HEADER) ?? "unknown");
    const unsaved = kept ? "&unsaved=1" : "";
    const headers = kept ? { "Set-Cookie": kept } : undefined;
    throw redirect(`${pending ? "/sign-in/two-factor" : "/sign-in"}?redirectTo=${back}${unsaved}`, { headers });
  }
  requireSecondFactor(actor, url);
  requireConfirmedEmail(actor, url);
  return actor;
}

/** Account pages (setting up the second factor, confirming the address) stay open to someone who must still enrol or confirm. */
const OPEN_BEFORE_ENROLMENT = /^\/account(\/|$)/;

/**
 * The one place the rule "judges and admins use a second factor" is enforced: such a user without one
 * is sent to set it up (and brought back afterwards) from every protected page.
 */
export function requireSecondFactor(actor: Actor, url: URL): void {
  if (actor.twoFactor.required && !actor.twoFactor.enabled && !OPEN_BEFORE_ENROLMENT.test(url.pathname)) {
    throw redirect(`/account/two-factor?redirectTo=${encodeURIComponent(returnPath(url))}`);
  }
}

/**
 * The one place the rule "an account does nothing others see until it confirms its address" is enforced:
 * every protected page and action but the account pages (where it confirms, resends the link, changes its
 * password or deletes itself) sends an unconfirmed account to /account/confirm-email. Creating or joining
 * an organisation, acting for one, judging and posting anything all come through requireActor.
 */
export function requireConfirmedEmail(actor: Actor, url: URL): void {
  if (!actor.user.emailConfirmed && !OPEN_BEFORE_ENROLMENT.test(url.pathname)) {
    throw redirect(`/account/confirm-email?redirectTo=${encodeURIComponent(returnPath(url))}`);
  }
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
