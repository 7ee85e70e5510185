// Organisation membership over HTTP against the built server: administrators remove members, change roles and
// rotate the joining code; anyone leaves; the last administrator stays; a removed member's existing session
// loses the organisation at its very next request; non-administrators are refused (403) and strangers told
// nothing exists (404); every change is in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import {
  addMember, createAttachment, createChallenge, createMember, createOrg, createProposal, createUser, sessionCookieFor,
} from "../support/factories";
import { decodeHtml, httpClient } from "../support/http-client";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let http: ReturnType<typeof httpClient>;
beforeAll(async () => {
  app = await startAppServer();
  http = httpClient(app.url);
});
afterAll(async () => {
  await app?.close();
});

const LAST_ADMIN = /only administrator/;

/** A start-up with an administrator and a member, each with a browser session acting for it, and a submitted proposal with a file. */
async function startupTeam(name = "Membership Test Labs") {
  const org = await createOrg("startup", { name: `${name} ${Math.random().toString(36).slice(2, 6)}` });
  const admin = await createUser();
  const member = await createUser();
  await addMember(admin.id, org.id, "owner");
  await addMember(member.id, org.id, "member");
  const body = await createMember("public_body");
  const challenge = await createChallenge(body.orgId);
  const proposal = await createProposal(challenge.id, org.id, { status: "submitted", title: `Secret plan of ${org.name}` });
  const file = await createAttachment({ proposalId: proposal.id }, { orgId: org.id, userId: member.id, name: "plan.pdf" });
  return {
    org, proposal, file,
    admin: { ...admin, cookie: await sessionCookieFor(admin.id, org.id) },
    member: { ...member, cookie: await sessionCookieFor(member.id, org.id) },
  };
}
type Team = Awaited<ReturnType<typeof startupTeam>>;

const members = (t: Team) => `/organisations/${t.org.id}/members`;
const act = (t: Team, cookie: string, intent: string, userId?: string) => http.post(members(t), { intent, ...(userId ? { userId } : {}) }, cookie);
const roleOf = async (orgId: string, userId: string) =>
  (await db().selectFrom("memberships").select("role").where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst())?.role ?? null;
const joinCode = async (orgId: string) => (await db().selectFrom("organisations").select("join_code").where("id", "=", orgId).executeTakeFirstOrThrow()).join_code;

describe("removing a member", () => {
  it("takes effect at the very next request of the member's existing session, on pages, data requests and files", async () => {
    const t = await startupTeam();
    const before = [
      await http.get("/my/proposals", t.member.cookie),
      await http.get(`/my/proposals/${t.proposal.id}`, t.member.cookie),
      await http.data(`/my/proposals/${t.proposal.id}`, "routes/my.proposals.$id", t.member.cookie),
      await http.get(`/attachments/${t.file.id}`, t.member.cookie),
      await http.get(`/organisations/${t.org.id}`, t.member.cookie),
    ];
    expect(before.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await before[0]!.text()).toContain(t.proposal.title);

    const removed = await act(t, t.admin.cookie, "remove", t.member.id);
    expect(removed.status).toBe(302);
    expect(removed.headers.get("location")).toBe(`${members(t)}?notice=member-removed`);
    expect(await roleOf(t.org.id, t.member.id)).toBeNull();

    // The same cookie, the next request: no longer acting for the organisation, nothing of it readable.
    const list = await http.get("/my/proposals", t.member.cookie);
    expect(list.status).toBe(403);
    expect(await list.text()).not.toContain(t.proposal.title);
    const page = await http.get(`/my/proposals/${t.proposal.id}`, t.member.cookie);
    expect(page.status).toBe(403);
    expect(await page.text()).not.toContain(t.proposal.title);
    const data = await http.data(`/my/proposals/${t.proposal.id}`, "routes/my.proposals.$id", t.member.cookie);
    expect(data.status).toBe(403);
    expect(await data.text()).not.toContain(t.proposal.title);
    expect((await http.get(`/attachments/${t.file.id}`, t.member.cookie)).status).toBe(404);
    const orgPage = await http.get(`/organisations/${t.org.id}`, t.member.cookie);
    expect(orgPage.status).toBe(404);
    expect(await orgPage.text()).not.toContain(await joinCode(t.org.id));
    // Nor can the session choose it again.
    expect((await http.post("/organisations", { orgId: t.org.id }, t.member.cookie)).status).toBe(403);
    // The session stays signed in, acting for nobody.
    const session = await db().selectFrom("sessions").select("active_org_id").where("user_id", "=", t.member.id).executeTakeFirstOrThrow();
    expect(session.active_org_id).toBeNull();
    expect((await http.get("/organisations", t.member.cookie)).status).toBe(200);
  });

  it("a member of two organisations removed from the one they act for keeps the other", async () => {
    const t = await startupTeam();
    const other = await createOrg("startup");
    await addMember(t.member.id, other.id, "member");
    expect((await act(t, t.admin.cookie, "remove", t.member.id)).status).toBe(302);
    const html = decodeHtml(await (await http.get("/organisations", t.member.cookie)).text());
    expect(html).toContain(other.name);
    expect(html).not.toContain(t.org.name);
    expect((await http.post("/organisations", { orgId: other.id }, t.member.cookie)).status).toBe(302);
    expect((await http.get("/my/proposals", t.member.cookie)).status).toBe(200);
  });

  it("an administrator can be removed by another administrator, and is refused at once", async () => {
    const t = await startupTeam();
    expect((await act(t, t.admin.cookie, "promote", t.member.id)).status).toBe(302);
    expect(await roleOf(t.org.id, t.member.id)).toBe("owner");
    expect((await act(t, t.member.cookie, "remove", t.admin.id)).status).toBe(302);
    expect((await act(t, t.admin.cookie, "rotate-code")).status).toBe(404);
    expect((await http.get(members(t), t.admin.cookie)).status).toBe(404);
  });
});

describe("the joining code", () => {
  it("a rotated code replaces the old one at once: the old code is refused, the new one joins", async () => {
    const t = await startupTeam();
    const old = await joinCode(t.org.id);
    const res = await act(t, t.admin.cookie, "rotate-code");
    expect(res.status).toBe(302);
    const fresh = await joinCode(t.org.id);
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const newcomer = await createUser();
    const cookie = await sessionCookieFor(newcomer.id, null);
    for (const code of [old, old.toLowerCase()]) {
      const refused = await http.post("/organisations/join", { code }, cookie);
      expect(refused.status).toBe(400);
      expect(decodeHtml(await refused.text())).toMatch(/No organisation has that joining code/);
    }
    expect(await roleOf(t.org.id, newcomer.id)).toBeNull();
    expect((await http.post("/organisations/join", { code: fresh }, cookie)).status).toBe(302);
    expect(await roleOf(t.org.id, newcomer.id)).toBe("member");
    // The administrators' page shows the new code, never the old one.
    const page = await (await http.get(members(t), t.admin.cookie)).text();
    expect(page).toContain(fresh);
    expect(page).not.toContain(old);
  });

  it("a member removed after rotation cannot come back with the code they had", async () => {
    const t = await startupTeam();
    const known = await joinCode(t.org.id);
    expect((await act(t, t.admin.cookie, "remove", t.member.id)).status).toBe(302);
    expect((await act(t, t.admin.cookie, "rotate-code")).status).toBe(302);
    expect((await http.post("/organisations/join", { code: known }, t.member.cookie)).status).toBe(400);
    expect(await roleOf(t.org.id, t.member.id)).toBeNull();
  });
});

describe("the last administrator", () => {
  it("cannot leave, step down or remove themselves, and the page says why", async () => {
    const t = await startupTeam();
    for (const [intent, userId] of [["leave", undefined], ["demote", t.admin.id], ["remove", t.admin.id]] as const) {
      const res = await act(t, t.admin.cookie, intent, userId);
      expect(res.status, intent).toBe(400);
      expect(decodeHtml(await res.text()), intent).toMatch(LAST_ADMIN);
      expect(await roleOf(t.org.id, t.admin.id), intent).toBe("owner");
    }
    const page = decodeHtml(await (await http.get(members(t), t.admin.cookie)).text());
    expect(page).toMatch(LAST_ADMIN);
  });

  it("once another member is an administrator, may leave; the other is then the last one", async () => {
    const t = await startupTeam();
    expect((await act(t, t.admin.cookie, "promote", t.member.id)).status).toBe(302);
    const left = await act(t, t.admin.cookie, "leave");
    expect(left.status).toBe(302);
    expect(left.headers.get("location")).toBe("/organisations?notice=org-left");
    expect(await roleOf(t.org.id, t.admin.id)).toBeNull();
    const res = await act(t, t.member.cookie, "leave");
    expect(res.status).toBe(400);
    expect(decodeHtml(await res.text())).toMatch(LAST_ADMIN);
  });

  it("two administrators stepping down at the same moment leave one administrator", async () => {
    const t = await startupTeam();
    expect((await act(t, t.admin.cookie, "promote", t.member.id)).status).toBe(302);
    const both = await Promise.all([act(t, t.admin.cookie, "demote", t.admin.id), act(t, t.member.cookie, "demote", t.member.id)]);
    expect(both.map((r) => r.status).sort()).toEqual([302, 400]);
    const admins = await db().selectFrom("memberships").select("user_id").where("org_id", "=", t.org.id).where("role", "=", "owner").execute();
    expect(admins).toHaveLength(1);
  });

  it("a plain member may leave", async () => {
    const t = await startupTeam();
    expect((await act(t, t.member.cookie, "leave")).status).toBe(302);
    expect(await roleOf(t.org.id, t.member.id)).toBeNull();
    expect((await http.get("/my/proposals", t.member.cookie)).status).toBe(403);
  });
});

describe("who may do what", () => {
  it("a member who is not an administrator is refused every administrator action (403) and changes nothing", async () => {
    const t = await startupTeam();
    const code = await joinCode(t.org.id);
    for (const [intent, userId] of [["remove", t.admin.id], ["promote", t.member.id], ["demote", t.admin.id], ["rotate-code", undefined]] as const) {
      const res = await act(t, t.member.cookie, intent, userId);
      expect(res.status, intent).toBe(403);
    }
    expect(await roleOf(t.org.id, t.admin.id)).toBe("owner");
    expect(await roleOf(t.org.id, t.member.id)).toBe("member");
    expect(await joinCode(t.org.id)).toBe(code);
    // The page itself is open to members, without the administrators' controls.
    const page = await http.get(members(t), t.member.cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('value="rotate-code"');
    expect(html).not.toContain('value="remove"');
    expect(html).toContain('value="leave"');
  });

  it("someone outside the organisation is told it does not exist (404); a visitor is sent to sign in", async () => {
    const t = await startupTeam();
    const stranger = await createMember("startup");
    expect((await http.get(members(t), stranger.cookie)).status).toBe(404);
    for (const intent of ["remove", "rotate-code", "leave"]) expect((await act(t, stranger.cookie, intent, t.member.id)).status, intent).toBe(404);
    const visitor = await http.get(members(t));
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    expect(await roleOf(t.org.id, t.member.id)).toBe("member");
  });

  it("an administrator cannot act on someone who is not a member", async () => {
    const t = await startupTeam();
    const outsider = await createMember("startup");
    expect((await act(t, t.admin.cookie, "remove", outsider.user.id)).status).toBe(404);
    expect((await act(t, t.admin.cookie, "promote", outsider.user.id)).status).toBe(404);
    expect(await roleOf(outsider.orgId, outsider.user.id)).toBe("owner");
  });
});

describe("the audit trail", () => {
  it("records every membership change, with who did it and to whom", async () => {
    const t = await startupTeam();
    const newcomer = await createUser();
    const cookie = await sessionCookieFor(newcomer.id, null);
    await act(t, t.admin.cookie, "promote", t.member.id);
    await act(t, t.admin.cookie, "demote", t.member.id);
    await act(t, t.admin.cookie, "rotate-code");
    await http.post("/organisations/join", { code: await joinCode(t.org.id) }, cookie);
    await act(t, t.admin.cookie, "remove", newcomer.id);
    await act(t, t.member.cookie, "leave");
    const events = await db().selectFrom("audit_events").select(["action", "actor_user_id", "subject_type", "subject_id", "subject_org_id", "detail"])
      .where("subject_org_id", "=", t.org.id).where("action", "like", "organisation.%").orderBy("id").execute();
    expect(events.map((e) => [e.action, e.actor_user_id, (e.detail as { userId?: string }).userId ?? null])).toEqual([
      ["organisation.member_role_changed", t.admin.id, t.member.id],
      ["organisation.member_role_changed", t.admin.id, t.member.id],
      ["organisation.join_code_rotated", t.admin.id, null],
      ["organisation.member_joined", newcomer.id, newcomer.id],
      ["organisation.member_removed", t.admin.id, newcomer.id],
      ["organisation.member_left", t.member.id, t.member.id],
    ]);
    expect(events.map((e) => (e.detail as { role?: string }).role ?? null).slice(0, 2)).toEqual(["administrator", "member"]);
    for (const e of events) expect(e).toMatchObject({ subject_type: "organisation", subject_id: t.org.id });
    // Never the code itself.
    expect(JSON.stringify(events)).not.toContain(await joinCode(t.org.id));
  });
});
