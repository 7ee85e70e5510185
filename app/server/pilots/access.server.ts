// Who is on a pilot's team and what each of them may read and change. A pilot's team is the members of
// its three organisations (public body, start-up, corporate); a person acts for the organisation they have
// chosen, and that organisation's place in the team decides what they may do.
//
// Access: someone with no membership in the team's organisations gets 404 (the pilot's existence does not
// leak, decision 003); a team member of the wrong kind gets 403. Admins may read every pilot but change none.
import type { Selectable, Transaction } from "kysely";
import type { Database, PilotsTable } from "../../../db/schema";
import type { TeamRole } from "../../lib/pilots";
import { requireActor, type Actor } from "../auth.server";
import { db } from "../connections.server";
import { forbidden, notFound } from "../http.server";
import { getPilotCore, loadPilot, type PilotCore, type PilotView } from "./queries.server";

/** The role an organisation plays in the pilot's team, if any. */
export function teamRoleOf(pilot: Pick<PilotCore, "team">, orgId: string | null | undefined): TeamRole | null {
  if (!orgId) return null;
  if (pilot.team.publicBody.id === orgId) return "public_body";
  if (pilot.team.startup.id === orgId) return "startup";
  if (pilot.team.corporate.id === orgId) return "corporate";
  return null;
}

export function teamOrgIds(pilot: Pick<PilotCore, "team">): string[] {
  return [pilot.team.publicBody.id, pilot.team.startup.id, pilot.team.corporate.id];
}

/** Whether the actor belongs to any of the team's organisations (whichever one they act for now). */
export function isTeamMember(pilot: Pick<PilotCore, "team">, actor: Pick<Actor, "memberships"> | null): boolean {
  const ids = teamOrgIds(pilot);
  return !!actor && actor.memberships.some((m) => ids.includes(m.orgId));
}

/** Who may read: anyone once approved; the team and admins while it is a draft. */
export function canRead(pilot: Pick<PilotCore, "team" | "status">, actor: Actor | null): boolean {
  return pilot.status !== "draft" || isTeamMember(pilot, actor) || !!actor?.user.isAdmin;
}

const ROLE_MESSAGE: Record<TeamRole, string> = {
  public_body: "Only the public body in this pilot's team can do this",
  startup: "Only the start-up in this pilot's team can do this",
  corporate: "Only the corporate sponsor in this pilot's team can do this",
};

/**
 * A signed-in team member acting for one of the team's organisations, of one of these roles (all three
 * if none are given). Non-members get 404; admins and members of the wrong kind get 403.
 */
export async function requirePilotRole(request: Request, pilotId: string, roles: TeamRole[] = ["public_body", "startup", "corporate"]) {
  const actor = await requireActor(request);
  const pilot = await getPilotCore(pilotId);
  if (!pilot) notFound();
  const member = isTeamMember(pilot, actor);
  if (!member && !actor.user.isAdmin) notFound();
  const role = teamRoleOf(pilot, actor.org?.orgId);
  if (!role) {
    forbidden(member
      ? `You are acting for ${actor.org?.name ?? "no organisation"}. Switch to your organisation in this pilot's team to change it.`
      : "Programme administrators can read pilots but only the team can change them");
  }
  if (!roles.includes(role)) forbidden(roles.length === 1 ? ROLE_MESSAGE[roles[0]!] : "Your organisation cannot do this in this pilot");
  // The request travels with the command, which audits itself in its own transaction.
  return { request, actor, pilot, role };
}

/** The whole plan, drafts and all, for the team's members and admins; anyone else is told it does not exist. */
export async function requirePlanReader(actor: Actor, id: string): Promise<PilotView> {
  const pilot = await loadPilot(id);
  if (!pilot || (!isTeamMember(pilot, actor) && !actor.user.isAdmin)) notFound();
  return pilot;
}

/** The pilot as this actor may see it; 404 for a draft to anyone outside the team (admins excepted). */
export async function requireReadablePilot(actor: Actor | null, id: string, today = new Date()): Promise<PilotView> {
  const pilot = await loadPilot(id, today);
  if (!pilot || !canRead(pilot, actor)) notFound();
  return teamRoleOf(pilot, actor?.org?.orgId) ? pilot : asThePublicSeesIt(pilot);
}

/**
 * Everyone outside the team sees only the measurements the public body has verified, as in kpis.csv; a
 * measurement still waiting for its check, or queried, stays between the team (and so do query notes).
 */
function asThePublicSeesIt(pilot: PilotView): PilotView {
  return { ...pilot, kpis: pilot.kpis.map((k) => ({ ...k, measurements: k.measurements.filter((m) => m.status === "verified") })) };
}

// ---------------------------------------------------------------------------------------------------
// What a command holds: the checked actor, and the pilot's row locked for the length of its transaction.

export type PilotActor = Awaited<ReturnType<typeof requirePilotRole>>;
export type LockedPilot = Pick<Selectable<PilotsTable>, "id" | "status" | "starts_on" | "ends_on">;

/** A command's own permission: only this role of the team may make it (403 for the rest of the team). */
export function assertRole(cmd: PilotActor, role: TeamRole, message: string) {
  if (cmd.role !== role) forbidden(message);
}

/** Runs `fn` in a transaction holding the pilot's row: FOR UPDATE for the plan and its approval, FOR SHARE for measurements. */
export async function withLockedPilot<T>(pilotId: string, fn: (tx: Transaction<Database>, pilot: LockedPilot) => Promise<T>, mode: "update" | "share" = "update"): Promise<T> {
  return db().transaction().execute(async (tx) => {
    const q = tx.selectFrom("pilots").select(["id", "status", "starts_on", "ends_on"]).where("id", "=", pilotId);
    const pilot = await (mode === "update" ? q.forUpdate() : q.forShare()).executeTakeFirst();
    if (!pilot) notFound();
    return fn(tx, pilot);
  });
}
