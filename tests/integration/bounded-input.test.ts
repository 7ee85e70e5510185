// The bugs of issue 11, each as its class, over HTTP against the production build: bounded parsing of
// forms and query strings, texts PostgreSQL cannot store, prototype names as keys, ids that name nothing,
// what a failed form echoes back, and a text over its field's limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEXT_LIMITS } from "../../app/lib/field-limits";
import { createChallenge, createMember, createProposal } from "../support/factories";
import { seedProgramme, type Programme } from "../support/route-walk";
import { startAppServer } from "../support/server";

let app: Awaited<ReturnType<typeof startAppServer>>;
let programme: Programme;
beforeAll(async () => {
  app = await startAppServer();
  programme = await seedProgramme();
});
afterAll(async () => {
  await app?.close();
});

async function post(path: string, body: string, cookie?: string) {
  const started = performance.now();
  const res = await fetch(`${app.url}${path}`, {
    method: "POST", body, redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, Accept: "text/html", ...(cookie ? { Cookie: cookie } : {}) },
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

async function get(path: string, cookie?: string) {
  const res = await fetch(`${app.url}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  return { status: res.status, text: await res.text() };
}

describe("bounded parsing: a form's names are checked before anything reads them", () => {
  const hostile: [string, string][] = [
    ["a sparse index (the 30-byte request that hung the server)", "email=&junk[120000000]=1"],
    ["the largest array index", "email=&junk[4294967295]=1"],
    ["an index just past the limit", "email=&criteria[200].name=x"],
    ["a name nested 10,000 levels deep", `email=&${"a" + "[0]".repeat(10_000)}=1`],
    ["a dotted name nested 10,000 levels deep", `email=&${"a" + ".b".repeat(10_000)}=1`],
    ["a prototype name", "email=&__proto__[admin]=1"],
    ["a constructor path", "email=&constructor.prototype.admin=1"],
    ["thousands of fields", Array.from({ length: 5_000 }, (_, i) => `f${i}=1`).join("&")],
    ["a 10,000-character name", `${"n".repeat(10_000)}=1`],
  ];
  for (const [what, body] of hostile) {
    it(`refuses ${what} with 400 in well under a second, and stays up`, async () => {
      const res = await post("/sign-in", body);
      expect(res.status).toBe(400);
      expect(res.ms).toBeLessThan(1_000);
      expect(res.text.length).toBeLessThan(100_000);
      expect((await get("/healthz")).status).toBe(200);
    });
  }

  it("still reads the names our forms use (lists, nested fields, dates)", async () => {
    const res = await post("/sign-in", "email=a%40b.org&password=wrong-password&redirectTo=%2F&criteria[0].name=x&opensAt.day=1");
    expect(res.status).toBe(400);
    expect(res.text).toContain("Enter a correct email address and password");
  });
});

describe("texts that cannot be stored are the client's mistake, never a 500", () => {
  const bad = ["%00", "a%00b", "%FF", "%C0%AF", "%ED%A0%80", "%07", "%1B%5B31m", "%C2%9B"];
  for (const t of bad) {
    it(`query parameter ${t}: 400 on the page, the API and open data`, async () => {
      for (const path of [`/challenges?q=${t}`, `/api/challenges?q=${t}`, `/api/challenges?theme=${t}`, `/api/pilots?area=${t}`, `/open-data/challenges.json?x=${t}`]) {
        expect((await get(path)).status, path).toBe(400);
      }
    });
  }

  it("a NUL in a name or a title is a message next to the field, and nothing is saved", async () => {
    const signUp = await post("/sign-up", "name=Ann%00e&email=nul%40example.org&password=a+long+enough+passphrase");
    expect(signUp.status).toBe(400);
    expect(signUp.text).toContain("control character");
    const owner = await createMember("public_body");
    const res = await post("/my/challenges/new", "title=Clean%00air&summary=x", owner.cookie);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/govuk-error-summary/);
    expect(res.text).toContain("control character");
  });

  it("a path parameter with a NUL or invalid UTF-8 is refused (400) or a page that does not exist (404)", async () => {
    for (const id of ["%00", "%FF", "a%00b", "%C0%AF"]) {
      expect([400, 404]).toContain((await get(`/challenges/${id}`)).status);
    }
  });

  it("pasted line breaks other than CR and LF are kept as line feeds, not refused", async () => {
    const res = await post("/sign-in", "email=a%40b.org%0B&password=x%E2%80%A8y");
    expect(res.status).toBe(400);
    expect(res.text).toContain("Enter a correct email address and password");
  });
});

describe("keys from outside read own properties only", () => {
  for (const sort of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype"]) {
    it(`?sort=${sort} on the results page falls back to the default order`, async () => {
      const res = await get(`/my/challenges/${programme.closedChallengeId}/results?sort=${sort}`, programme.cookies.owner);
      expect(res.status).toBe(200);
    });
  }
});

describe("ids that name nothing", () => {
  it("a conflict with an organisation that does not exist is a field error", async () => {
    const res = await post(`/judging/${programme.closedChallengeId}/profile`, `intent=conflict&orgId=${crypto.randomUUID()}&relation=works_for`, programme.cookies.judge);
    expect(res.status).toBe(400);
    expect(res.text).toContain("Select the organisation");
  });
});

describe("what a failed form sends back", () => {
  it("echoes only the fields the form has", async () => {
    const res = await post("/sign-up", `name=&email=x&junk=${"J".repeat(50_000)}&other[0]=${"K".repeat(1000)}`);
    expect(res.status).toBe(400);
    expect(res.text).not.toContain("J".repeat(100));
    expect(res.text).not.toContain("K".repeat(100));
  });

  it("a text over its field's limit comes back next to that field, with the other answers kept", async () => {
    const startup = await createMember("startup");
    const owner = await createMember("public_body");
    const challenge = await createChallenge(owner.orgId);
    const proposal = await createProposal(challenge.id, startup.orgId);
    const long = "a".repeat(1_200_000); // over the old 1 MiB body limit, under the 4 MB one
    const body = `title=${encodeURIComponent("A title kept as typed")}&summary=kept+summary&approach=${long}&expectedImpact=&team=`;
    const res = await post(`/my/proposals/${proposal.id}`, body, startup.cookie);
    expect(res.status).toBe(400);
    // (Booleans, so that a failure does not print a page of 1.2 million characters.)
    const errors = [...res.text.matchAll(/govuk-error-message">.*?<\/span> <!-- -->([^<]*)</g)].map((m) => m[1]);
    expect(errors).toEqual([`The approach must be ${TEXT_LIMITS.proposal.approach.toLocaleString("en-GB")} characters or fewer`]);
    expect(res.text.includes("A title kept as typed")).toBe(true);
    expect(res.text.includes("kept summary")).toBe(true);
    // The field says its limit before the user breaks it (GOV.UK character count).
    expect(res.text.includes(`data-maxlength="${TEXT_LIMITS.proposal.approach}"`)).toBe(true);
  });

  it("a body over 4 MB is refused with a page saying what to do", async () => {
    const res = await post("/sign-in", `email=${"a".repeat(4 * 1024 * 1024 + 10)}`);
    expect(res.status).toBe(413);
    expect(res.text).toContain("What you sent is too large");
  });
});
