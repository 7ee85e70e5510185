// The demo's people and organisations, and who acts for whom. Accounts and organisations are written
// directly (there is no sign-up to play: the demo hands out their passwords), organisations are verified
// by the programme office's own command, and each person then acts through the product's commands.
import { db } from "../../app/server/connections.server";
import { setVerified } from "../../app/server/organisations/organisations.server";
import { hashPassword } from "../../app/server/password.server";
import { ORGS, PEOPLE, type OrgKey } from "./programme";
import { signedIn, type Person } from "./support";

export interface Cast {
  orgId(key: OrgKey): string;
  /** The demo member of an organisation, acting for it. */
  member(key: OrgKey): Person;
  /** The member of an organisation given by id (a pilot's team names organisations by id). */
  memberOf(orgId: string): Person;
  /** Someone who acts for no organisation: a judge or the programme office. */
  person(email: string): Person;
  admin: Person;
}

export async function createCast(password: string): Promise<Cast> {
  const hash = await hashPassword(password);
  const orgIds = new Map<OrgKey, string>();
  for (const [i, o] of ORGS.entries()) {
    const { id } = await db().insertInto("organisations").values({
      name: o.name, kind: o.kind, description: o.description, join_code: `DEMO-${String(1000 + i)}`,
    }).returning("id").executeTakeFirstOrThrow();
    orgIds.set(o.key, id);
  }
  const people = new Map<string, Person>();
  const members = new Map<OrgKey, Person>();
  for (const [i, p] of PEOPLE.entries()) {
    const { id } = await db().insertInto("users").values({ email: p.email, name: p.name, password_hash: hash, is_admin: !!p.admin, email_confirmed_at: new Date() })
      .returning("id").executeTakeFirstOrThrow();
    const orgId = p.org ? orgIds.get(p.org)! : null;
    if (p.org) await db().insertInto("memberships").values({ user_id: id, org_id: orgId!, role: "owner" }).execute();
    const person: Person = { userId: id, orgId, email: p.email, ip: `198.51.100.${10 + i}` };
    people.set(p.email, person);
    if (p.org) members.set(p.org, person);
  }
  const admin = people.get(PEOPLE.find((p) => p.admin)!.email)!;
  for (const o of ORGS) if (o.verified) await setVerified(await signedIn(admin, "/admin/organisations"), orgIds.get(o.key)!, admin.userId, true);
  const byOrgId = new Map([...members.values()].map((m) => [m.orgId!, m]));
  return {
    orgId: (key) => orgIds.get(key)!,
    member: (key) => members.get(key)!,
    memberOf: (orgId) => {
      const m = byOrgId.get(orgId);
      if (!m) throw new Error(`demo seed: no demo member acts for organisation ${orgId}`);
      return m;
    },
    person: (email) => people.get(email)!,
    admin,
  };
}
