// The ways through the service, on the built server: each role's overview shows its own work, a formed
// team links to its pilot from every side, and a newcomer who found a challenge is brought back to it.
import { describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { createChallenge, createMember, createPilotTeam, createUser, sessionCookieFor } from "../support/factories";
import { useAppServer } from "../support/server";

const web = useAppServer();
const page = async (path: string, cookie?: string) => {
  const res = await web.http.get(path, cookie);
  expect(res.status, path).toBe(200);
  return (await res.text()).replaceAll("<!-- -->", "");
};
const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0];

describe("each role's overview", () => {
  it("shows the public body its challenges and pilots, the corporate its sponsorships and pilots, the start-up its pilots", async () => {
    const t = await createPilotTeam({ title: "Quiet streets pilot", challengeTitle: "Noise at night" });
    const sponsorship = await db().selectFrom("sponsorships").select("id").where("org_id", "=", t.corp.orgId).executeTakeFirstOrThrow();

    const body = main(await page("/my/overview", t.body.cookie));
    expect(body).toContain("your challenges");
    expect(body).toContain(`href="/my/challenges/${t.challengeId}"`);
    expect(body).toContain("Noise at night");
    expect(body).toContain(`href="/pilots/${t.pilotId}"`);
    expect(body).not.toContain("There is nothing to show yet");

    const corp = main(await page("/my/overview", t.corp.cookie));
    expect(corp).toContain(`href="/my/sponsorships/${sponsorship.id}"`);
    expect(corp).toContain(`href="/pilots/${t.pilotId}"`);

    const startup = main(await page("/my/overview", t.startup.cookie));
    expect(startup).toContain(`href="/pilots/${t.pilotId}"`);
    expect(startup).toContain("Quiet streets pilot");
    expect(startup).toContain("Noise at night");
  });

  it("shows no other organisation's challenges or pilots", async () => {
    const t = await createPilotTeam({ title: "Somebody else's pilot", challengeTitle: "Somebody else's challenge" });
    const stranger = await createMember("public_body");
    const html = main(await page("/my/overview", stranger.cookie));
    expect(html).not.toContain(t.pilotId);
    expect(html).not.toContain("Somebody else's challenge");
    expect(html).toContain("No challenges yet");
  });
});

describe("a formed team", () => {
  it("links to its pilot from the owner's pairing page, the start-up's proposal and the sponsor's offer", async () => {
    const t = await createPilotTeam();
    await db().updateTable("challenges").set({ opens_at: new Date(Date.now() - 40 * 864e5), closes_at: new Date(Date.now() - 864e5) }).where("id", "=", t.challengeId).execute();
    const proposal = await db().selectFrom("proposals").select("id").where("org_id", "=", t.startup.orgId).executeTakeFirstOrThrow();
    const sponsorship = await db().selectFrom("sponsorships").select("id").where("org_id", "=", t.corp.orgId).executeTakeFirstOrThrow();
    expect(await page(`/my/challenges/${t.challengeId}/pairing`, t.body.cookie)).toContain(`href="/pilots/${t.pilotId}/plan"`);
    expect(await page(`/my/proposals/${proposal.id}`, t.startup.cookie)).toContain(`href="/pilots/${t.pilotId}/plan"`);
    expect(await page(`/my/sponsorships/${sponsorship.id}`, t.corp.cookie)).toContain(`href="/pilots/${t.pilotId}"`);
  });
});

describe("a newcomer who found a challenge", () => {
  it("is offered an account, then an organisation, each coming back to the challenge", async () => {
    const owner = await createMember("public_body");
    const c = await createChallenge(owner.orgId);
    expect(await page(`/challenges/${c.id}`)).toContain(`href="/sign-up?redirectTo=/challenges/${c.id}"`);
    const signUp = await page(`/sign-up?redirectTo=/challenges/${c.id}`);
    expect(signUp).toContain(`name="redirectTo" value="/challenges/${c.id}"`);

    // Signed in with no organisation yet: create one, and land back on the challenge acting for it.
    const user = await createUser();
    const cookie = await sessionCookieFor(user.id, null);
    expect(await page(`/challenges/${c.id}`, cookie)).toContain(`href="/organisations/new?redirectTo=/challenges/${c.id}"`);
    expect(await page(`/organisations/new?redirectTo=/challenges/${c.id}`, cookie)).toContain(`name="redirectTo" value="/challenges/${c.id}"`);
    const created = await web.http.post("/organisations/new", { name: "Newcomer Sensors Ltd", kind: "startup", description: "", redirectTo: `/challenges/${c.id}` }, cookie);
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe(`/challenges/${c.id}`);
    expect(await page(`/challenges/${c.id}`, cookie)).toContain("Start a proposal");
  });
});
