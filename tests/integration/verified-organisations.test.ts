// Issue 12, item 5: anyone can create an organisation called "Camden Council", so what it may do rests on the
// programme office's verification. Only verified public bodies publish; only verified corporates' offers can
// be accepted; pages show who is verified; the verification queue marks look-alike names and two verified
// organisations never read the same. Over HTTP, against the production build.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { createAdmin, createChallenge, createMember, createOrg, createPairedPilot, createProposal, createUser, sessionCookieFor } from "../support/factories";
import { postForm, startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let admin: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
  app = await startAppServer();
  admin = await createAdmin();
});
afterAll(async () => {
  await app?.close();
});

async function get(path: string, cookie?: string) {
  const res = await fetch(`${app.url}${path}`, { redirect: "manual", headers: { Accept: "text/html", ...(cookie ? { Cookie: cookie } : {}) } });
  // React's markers between adjacent texts (<!-- -->) are no part of what a person reads.
  return { status: res.status, location: res.headers.get("location"), text: (await res.text()).replace(/<!-- -->/g, "") };
}
const post = (path: string, fields: Record<string, string>, cookie?: string) => postForm(app, path, fields, cookie);

const VERIFIED_TAG = '<strong class="govuk-tag govuk-tag--green">Verified</strong>';
const EXPLAINER = "What ‘Verified’ means";
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

/** An organisation made through /organisations/new, as anyone can, with a session acting for it. */
async function selfMadeOrg(name: string, kind: "public_body" | "corporate" | "startup") {
  const user = await createUser();
  const cookie = await sessionCookieFor(user.id, null);
  const res = await post("/organisations/new", { name, kind, description: "" }, cookie);
  expect(res.status, `creating ${name}`).toBe(302);
  const orgId = /\/organisations\/([0-9a-f-]{36})/.exec(res.location ?? "")![1]!;
  return { orgId, cookie: await sessionCookieFor(user.id, orgId) };
}

describe("only verified public bodies publish", () => {
  const unverified: [string, () => Promise<{ orgId: string; cookie: string }>][] = [
    ["a second 'Camden Council' anyone made", async () => selfMadeOrg("Camden Council", "public_body")],
    ["a public body still waiting for the programme office", async () => createMember("public_body")],
    ["a public body whose verification was taken away", async () => {
      const body = await createMember("public_body", { verified: true });
      expect((await post("/admin/organisations", { orgId: body.orgId, verified: "no" }, admin.cookie)).status).toBe(302);
      return body;
    }],
  ];

  it.each(unverified)("%s may draft but not publish, and its page says why", async (_what, make) => {
    const body = await make();
    const draft = await createChallenge(body.orgId, { status: "draft", title: "A challenge waiting to be published" });
    const page = await get(`/my/challenges/${draft.id}`, body.cookie);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Check and publish");
    expect(page.text).toContain("You cannot publish this challenge yet: the programme office has not verified your organisation");
    expect(page.text).toContain(EXPLAINER);

    const res = await post(`/my/challenges/${draft.id}`, { intent: "publish", confirm: "yes" }, body.cookie);
    expect(res.status).toBe(400);
    expect(res.text).toContain("Your organisation cannot publish challenges until the programme office has verified it");
    expect((await db().selectFrom("challenges").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow()).status).toBe("draft");
    expect((await get("/challenges?status=any")).text).not.toContain("A challenge waiting to be published");
  });

  it("publishes once the programme office has verified it", async () => {
    const body = await createMember("public_body");
    const draft = await createChallenge(body.orgId, { status: "draft" });
    expect((await post(`/my/challenges/${draft.id}`, { intent: "publish", confirm: "yes" }, body.cookie)).status).toBe(400);
    expect((await post("/admin/organisations", { orgId: body.orgId, verified: "yes" }, admin.cookie)).status).toBe(302);
    // The session reads its organisation afresh on every request.
    expect((await get(`/my/challenges/${draft.id}`, body.cookie)).text).toContain("Check and publish");
    const res = await post(`/my/challenges/${draft.id}`, { intent: "publish", confirm: "yes" }, body.cookie);
    expect(res.status).toBe(302);
    expect((await db().selectFrom("challenges").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow()).status).toBe("published");
  });
});

describe("only verified corporates' offers can be accepted", () => {
  async function offerFrom(sponsor: { orgId: string; cookie: string }) {
    const owner = await createMember("public_body", { verified: true });
    const challenge = await createChallenge(owner.orgId);
    const offer = await post(`/challenges/${challenge.id}/sponsor`, { fundingGbp: "5000", capacity: "1", trlMin: "1", trlMax: "9" }, sponsor.cookie);
    expect(offer.status, "the offer is made").toBe(302);
    const { id } = await db().selectFrom("sponsorships").select("id").where("challenge_id", "=", challenge.id).executeTakeFirstOrThrow();
    return { owner, challenge, sponsorshipId: id };
  }
  const status = async (id: string) => (await db().selectFrom("sponsorships").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

  it.each([
    ["a corporate anyone made", () => selfMadeOrg("Northbank Energy plc", "corporate")],
    ["a corporate still waiting for the programme office", () => createMember("corporate")],
  ])("%s: its offer cannot be accepted (the page says why), but can be declined", async (_what, make) => {
    const sponsor = await make();
    const { owner, challenge, sponsorshipId } = await offerFrom(sponsor);
    const page = await get(`/my/challenges/${challenge.id}/sponsors`, owner.cookie);
    expect(page.text).toContain("Not verified yet: you can accept once the programme office verifies");
    expect(page.text).not.toMatch(/>Accept<span/);

    const accept = await post(`/my/challenges/${challenge.id}/sponsors`, { sponsorshipId, decision: "accept" }, owner.cookie);
    expect(accept.status).toBe(400);
    expect(accept.text).toContain("You can accept sponsorship only from a corporate the programme office has verified");
    expect(await status(sponsorshipId)).toBe("offered");
    expect((await get(`/challenges/${challenge.id}`)).text).not.toContain("<h2 class=\"govuk-heading-m\">Sponsors</h2>");

    expect((await post(`/my/challenges/${challenge.id}/sponsors`, { sponsorshipId, decision: "decline" }, owner.cookie)).status).toBe(302);
    expect(await status(sponsorshipId)).toBe("declined");
  });

  it("a verified corporate's offer is accepted and listed on the challenge with its tag", async () => {
    const sponsor = await createMember("corporate", { verified: true });
    const { owner, challenge, sponsorshipId } = await offerFrom(sponsor);
    expect((await post(`/my/challenges/${challenge.id}/sponsors`, { sponsorshipId, decision: "accept" }, owner.cookie)).status).toBe(302);
    expect(await status(sponsorshipId)).toBe("accepted");
    const name = (await db().selectFrom("organisations").select("name").where("id", "=", sponsor.orgId).executeTakeFirstOrThrow()).name;
    expect((await get(`/challenges/${challenge.id}`)).text).toContain(`${escape(name)} ${VERIFIED_TAG}`);
  });
});

describe("pages show who is verified, and what it means", () => {
  it("beside the owner on the challenge list and page, the team on pilot pages, and on the organisation's pages", async () => {
    const real = await createMember("public_body", { verified: true, name: "Owner Person" });
    const realName = (await db().selectFrom("organisations").select("name").where("id", "=", real.orgId).executeTakeFirstOrThrow()).name;
    const fake = await createOrg("public_body", { name: `${realName} (not verified)` });
    const real1 = await createChallenge(real.orgId, { title: "Verified owner's challenge" });
    const fake1 = await createChallenge(fake.id, { title: "Unverified owner's challenge" });

    const list = (await get("/challenges?status=any")).text;
    expect(list).toContain(`set by ${escape(realName)} ${VERIFIED_TAG}`);
    expect(list).toContain(`set by ${escape(fake.name)}</p>`);
    expect(list).toContain(EXPLAINER);
    const realPage = (await get(`/challenges/${real1.id}`)).text;
    expect(realPage).toContain(`${escape(realName)} ${VERIFIED_TAG}`);
    expect(realPage).toContain(EXPLAINER);
    const fakePage = (await get(`/challenges/${fake1.id}`)).text;
    expect(fakePage).not.toContain(VERIFIED_TAG);
    expect(fakePage).toContain(EXPLAINER);

    const orgPage = (await get(`/organisations/${real.orgId}`, real.cookie)).text;
    expect(orgPage).toContain("Verified by the programme office");
    expect(orgPage).toContain(EXPLAINER);

    // A pilot whose team has a verified public body, an unverified start-up and a verified sponsor.
    const startup = await createMember("startup");
    const corporate = await createMember("corporate", { verified: true });
    const proposal = await createProposal(real1.id, startup.orgId, { status: "submitted" });
    const { pilot } = await createPairedPilot(
      { challengeId: real1.id, proposalId: proposal.id, publicOrgId: real.orgId, startupOrgId: startup.orgId, corporateOrgId: corporate.orgId },
      { pairing: { fit: 0.5 }, pilot: { title: "Tagged pilot", status: "approved", approved_at: new Date() } },
    );
    const names = await db().selectFrom("organisations").select(["id", "name"]).where("id", "in", [startup.orgId, corporate.orgId]).execute();
    const nameOf = (id: string) => escape(names.find((o) => o.id === id)!.name);
    for (const path of [`/pilots/${pilot.id}`, "/pilots"]) {
      const page = (await get(path)).text;
      expect(page, path).toContain(`${escape(realName)} ${VERIFIED_TAG}`);
      expect(page, path).toContain(`${nameOf(corporate.orgId)} ${VERIFIED_TAG}`);
      expect(page, path).not.toContain(`${nameOf(startup.orgId)} ${VERIFIED_TAG}`);
    }
    expect((await get(`/pilots/${pilot.id}`)).text).toContain(EXPLAINER);
  });
});

describe("the verification queue marks names that read like a verified organisation's", () => {
  const VERIFIED = "Camden Council";
  beforeAll(async () => {
    await createOrg("public_body", { name: VERIFIED, verified: true });
  });

  /** The queue's row for an organisation: whether it is marked, and as looking like whom. */
  async function queueRow(orgId: string) {
    const page = (await get("/admin/organisations", admin.cookie)).text;
    const row = new RegExp(`<tr id="org-${orgId}"[\\s\\S]*?</tr>`).exec(page)?.[0];
    expect(row, `a row for ${orgId}`).toBeDefined();
    return row!;
  }

  const letters = "abcdefghijklmnopqrstuvwxyz";
  /** One edit to "Camden": a letter changed, added, dropped, or two neighbours swapped. */
  const oneEdit = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom(...letters), fc.constantFrom("substitute", "insert", "delete", "swap"))
    .map(([i, c, op]) => {
      const w = "Camden";
      if (op === "substitute") return w.slice(0, i) + c + w.slice(i + 1);
      if (op === "insert") return w.slice(0, i) + c + w.slice(i);
      if (op === "delete") return w.slice(0, i) + w.slice(i + 1);
      return i < 5 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w;
    })
    .map((w) => `${w} Council`);
  const variant = fc.tuple(
    fc.oneof(fc.constant(VERIFIED), oneEdit, fc.constant("Camden Council Ltd"), fc.constant("The Camden Council"), fc.constant("Camden Councl")),
    fc.constantFrom("as is", "upper", "lower", "spaced", "punctuated", "confusable"),
  ).map(([name, how]) => {
    switch (how) {
      case "upper": return name.toUpperCase();
      case "lower": return name.toLowerCase();
      case "spaced": return name.replace(/ /g, "   ").replace(/^/, " ");
      case "punctuated": return `${name.replace(/ /g, ", ").replace(/C/, "C.")}.`;
      case "confusable": return name.replace(/o/g, "0").replace(/l/g, "1").replace(/a/, "а"); // the last is Cyrillic
      default: return name;
    }
  });

  it("marks every generated variant (case, spacing, punctuation, confusable characters, one edit) as reading like it", async () => {
    const { cookie } = await selfMadeOrg("Someone's first organisation", "startup");
    await fc.assert(fc.asyncProperty(variant, async (name) => {
      const res = await post("/organisations/new", { name, kind: "public_body", description: "" }, cookie);
      expect(res.status, name).toBe(302);
      const orgId = /\/organisations\/([0-9a-f-]{36})/.exec(res.location ?? "")![1]!;
      const row = await queueRow(orgId);
      expect(row, name).toContain("Looks like a verified organisation");
      expect(row, name).toContain(`Reads like ${VERIFIED}`);
    }), { numRuns: 30, seed: 5 });
  });

  it.each(["Hackney Council", "Camden Town Brewery", "Canterbury Council", "Greenwich Council", "Candela Labs"])("does not mark %s", async (name) => {
    const { orgId } = await selfMadeOrg(name, "public_body");
    expect(await queueRow(orgId)).not.toContain("Looks like a verified organisation");
  });

  it("refuses to verify a second organisation whose name reads the same, and the database refuses it too", async () => {
    const { orgId } = await selfMadeOrg("CAMDEN  council.", "public_body");
    const res = await post("/admin/organisations", { orgId, verified: "yes" }, admin.cookie);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`reads the same as ${VERIFIED}, which is already verified`);
    expect((await db().selectFrom("organisations").select("verified_at").where("id", "=", orgId).executeTakeFirstOrThrow()).verified_at).toBeNull();
    // Past the check (two admins at once): the partial unique index on the name as read.
    await expect(db().updateTable("organisations").set({ verified_at: new Date() }).where("id", "=", orgId).execute()).rejects.toThrow(/organisations_verified_name_key_uq/);
    // A near match (one letter apart) is marked but may be verified: it may well be another body.
    const near = await selfMadeOrg("Camdon Council", "public_body");
    expect(await queueRow(near.orgId)).toContain("Looks like a verified organisation");
    expect((await post("/admin/organisations", { orgId: near.orgId, verified: "yes" }, admin.cookie)).status).toBe(302);
  });
});
