// Creating, joining and acting within organisations; admins verify them.
import { describe, expect, it } from "vitest";
import * as adminOrgs from "../../app/routes/admin.organisations";
import * as adminThemes from "../../app/routes/admin.themes";
import * as orgPage from "../../app/routes/organisations.$id";
import * as orgs from "../../app/routes/organisations._index";
import * as joinOrg from "../../app/routes/organisations.join";
import * as newOrg from "../../app/routes/organisations.new";
import { db } from "../../app/server/connections.server";
import { createAdmin, createMember, createOrg, createUser, sessionCookieFor } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

async function signedInUser() {
  const user = await createUser();
  return { user, cookie: await sessionCookieFor(user.id, null) };
}

describe("organisations", () => {
  it("a signed-in user creates an organisation, owns it and acts for it", async () => {
    const { user, cookie } = await signedInUser();
    const res = await call(newOrg.action, postRequest("/organisations/new", { name: "Camden Council", kind: "public_body", description: "", website: "https://camden.example" }, cookie));
    expect(res.status).toBe(302);
    const org = await db().selectFrom("organisations").selectAll().where("name", "=", "Camden Council").executeTakeFirstOrThrow();
    expect(res.headers.get("Location")).toBe(`/organisations/${org.id}?notice=org-created`);
    expect(org.kind).toBe("public_body");
    expect(org.verified_at).toBeNull();
    const m = await db().selectFrom("memberships").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ org_id: org.id, role: "owner" });
    const session = await db().selectFrom("sessions").select("active_org_id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(session.active_org_id).toBe(org.id);
  });

  it("shows field errors for a bad organisation form and creates nothing", async () => {
    const { cookie } = await signedInUser();
    const before = (await db().selectFrom("organisations").select("id").execute()).length;
    const res = await call(newOrg.action, postRequest("/organisations/new", { name: "", kind: "charity" }, cookie));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errors: { fields: { name: "Enter the organisation's name", kind: "Select the kind of organisation" } } });
    expect(await db().selectFrom("organisations").select("id").execute()).toHaveLength(before);
  });

  it("a colleague joins with the code; a wrong code gets a clear message", async () => {
    const org = await createOrg("startup");
    const { user, cookie } = await signedInUser();
    const wrong = await call(joinOrg.action, postRequest("/organisations/join", { code: "ZZZZ-9999" }, cookie));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ errors: { fields: { code: expect.stringMatching(/No organisation has that joining code/) } } });
    const ok = await call(joinOrg.action, postRequest("/organisations/join", { code: org.join_code.toLowerCase() }, cookie));
    expect(ok.status).toBe(302);
    const m = await db().selectFrom("memberships").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ org_id: org.id, role: "member" });
  });

  it("a user can act only for an organisation they belong to", async () => {
    const mine = await createMember("startup");
    const other = await createOrg("public_body");
    const res = await call(orgs.action, postRequest("/organisations", { orgId: other.id }, mine.cookie));
    expect(res.status).toBe(403);
    const page = await call(orgPage.loader, getRequest(`/organisations/${other.id}`, mine.cookie), { id: other.id });
    expect(page.status).toBe(404);
    expect(page.text).not.toContain(other.join_code);
  });

  it("members see their organisation's joining code", async () => {
    const m = await createMember("corporate");
    const page = await call(orgPage.loader, getRequest(`/organisations/${m.orgId}`, m.cookie), { id: m.orgId });
    expect(page.status).toBe(200);
    const org = await db().selectFrom("organisations").select("join_code").where("id", "=", m.orgId).executeTakeFirstOrThrow();
    expect(page.text).toContain(org.join_code);
  });
});

describe("programme administration", () => {
  it("an admin verifies an organisation; nobody else can", async () => {
    const org = await createOrg("startup");
    const admin = await createAdmin();
    const member = await createMember("public_body");
    const refused = await call(adminOrgs.action, postRequest("/admin/organisations", { orgId: org.id, verified: "yes" }, member.cookie));
    expect(refused.status).toBe(403);
    expect((await call(adminOrgs.loader, getRequest("/admin/organisations", member.cookie))).status).toBe(403);
    const ok = await call(adminOrgs.action, postRequest("/admin/organisations", { orgId: org.id, verified: "yes" }, admin.cookie));
    expect(ok.status).toBe(302);
    const row = await db().selectFrom("organisations").select(["verified_at", "verified_by"]).where("id", "=", org.id).executeTakeFirstOrThrow();
    expect(row.verified_at).not.toBeNull();
    expect(row.verified_by).toBe(admin.user.id);
  });

  it("an admin adds a theme, which then appears as a filter", async () => {
    const admin = await createAdmin();
    const res = await call(adminThemes.action, postRequest("/admin/themes", { name: "Safer streets", description: "" }, admin.cookie));
    expect(res.status).toBe(302);
    const dup = await call(adminThemes.action, postRequest("/admin/themes", { name: "Safer streets" }, admin.cookie));
    expect(dup.status).toBe(400);
    const theme = await db().selectFrom("themes").selectAll().where("slug", "=", "safer-streets").executeTakeFirst();
    expect(theme?.name).toBe("Safer streets");
  });
});
