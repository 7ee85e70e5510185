// The service feedback form and its admin page through the production build over HTTP: the phase banner on
// every page links to it with the page it came from; a good answer is stored anonymously and thanked; a bad
// one gets the GOV.UK error summary and nothing is stored; one address is held back after ten an hour, counted
// across web processes; only
// admins read the answers (decision 003: the wrong kind of user gets 403). The client address comes from
// X-Forwarded-For (TRUST_PROXY=true), so each test sends from an address of its own.
import fc from "fast-check";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { db, redis } from "../../app/server/connections.server";
import { countFeedback, FEEDBACK_LIMIT, feedbackCountKey } from "../../app/server/feedback.server";
import { TEXT_LIMITS } from "../../app/lib/field-limits";
import { createAdmin, createMember } from "../support/factories";
import { hostileBody, hostileText } from "../support/hostile-input";
import { useAppServerBehindProxy } from "../support/server";

const { server, client } = useAppServerBehindProxy();
beforeEach(async () => {
  await db().deleteFrom("feedback").execute();
});

let nextAddress = 1;
/** A client address no other request of this file uses. */
const address = () => {
  const n = nextAddress++;
  return `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`;
};
const from = (ip = address()) => ({ "X-Forwarded-For": ip, Accept: "text/html" });

const send = (fields: Record<string, string>, cookie?: string, headers = from()) => client.post("/feedback", fields, cookie, headers);
const rows = () => db().selectFrom("feedback").selectAll().orderBy("id").execute();

describe("the phase banner", () => {
  it("is on every page, saying the service is in beta, and links to the form with the page it is on", async () => {
    for (const path of ["/", "/challenges", "/accessibility", "/no-such-page"]) {
      const html = await (await client.get(path)).text();
      expect(html, path).toContain('class="govuk-phase-banner"');
      expect(html, path).toMatch(/<strong class="govuk-tag govuk-phase-banner__content__tag">Beta<\/strong>/);
      expect(html, path).toContain("This is a new service. Help us improve it by");
      expect(html, path).toContain(`href="/feedback?from=${encodeURIComponent(path)}"`);
    }
  });
});

describe("the feedback form", () => {
  it("asks the two questions, states the limit and warns not to include personal information", async () => {
    const res = await client.get("/feedback?from=%2Fchallenges");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Overall, how did you feel about the service?");
    for (const label of ["Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied", "Very dissatisfied"]) expect(html).toContain(`>${label}</label>`);
    expect(html).toContain("How could we improve this service?");
    expect(html).toContain(`data-maxlength="${TEXT_LIMITS.feedback.improvement}"`);
    expect(html).toMatch(/Do not include personal or financial information/);
    expect(html).toContain('<input type="hidden" name="page" value="/challenges"/>');
  });

  it("puts only the reduced page into the form, never the query it was given", async () => {
    const html = await (await client.get(`/feedback?from=${encodeURIComponent("/pilots/7c9e6679-7425-40de-944b-e07fc1f90ae7/plan?x=<b>secret</b>")}`)).text();
    expect(html).toContain('name="page" value="/pilots/:id/plan"');
    expect(html).not.toContain("secret");
  });

  it("stores a good answer, anonymously, and thanks the person on a confirmation page", async () => {
    const member = await createMember("startup", { name: "Feedback Person" });
    const res = await send({ rating: "satisfied", improvement: "  Let me save a search.\nAnd sort by deadline.  ", page: "/my/proposals/7c9e6679-7425-40de-944b-e07fc1f90ae7?tab=files" }, member.cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/feedback/sent");
    const [row, ...more] = await rows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ rating: "satisfied", improvement: "Let me save a search.\nAnd sort by deadline.", page: "/my/proposals/:id" });
    // The day only, not the moment: the day the database is on.
    const today = (await sql<{ d: string }>`SELECT current_date::text AS d`.execute(db())).rows[0]!.d;
    expect((await sql<{ d: string }>`SELECT received_on::text AS d FROM feedback`.execute(db())).rows[0]!.d).toBe(today);
    // Nothing in the row names the person who sent it.
    const stored = JSON.stringify(row);
    for (const personal of [member.user.id, member.user.email, "Feedback Person", member.orgId]) expect(stored).not.toContain(personal);

    const sent = await client.get("/feedback/sent");
    expect(sent.status).toBe(200);
    const html = await sent.text();
    expect(html).toContain('class="govuk-panel govuk-panel--confirmation"');
    expect(html).toContain("Feedback sent");
  });

  it("has no column that could hold personal data: no user, organisation, email, address or time of day", async () => {
    const columns = await sql<{ column_name: string; data_type: string }>`
      SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'feedback' ORDER BY ordinal_position
    `.execute(db());
    expect(columns.rows).toEqual([
      { column_name: "id", data_type: "bigint" },
      { column_name: "rating", data_type: "text" },
      { column_name: "improvement", data_type: "text" },
      { column_name: "page", data_type: "text" },
      { column_name: "received_on", data_type: "date" },
    ]);
    const refs = await sql<{ n: string }>`
      SELECT count(*)::text AS n FROM information_schema.table_constraints WHERE table_name = 'feedback' AND constraint_type = 'FOREIGN KEY'
    `.execute(db());
    expect(refs.rows[0]!.n).toBe("0");
  });

  it("keeps the answer without a page when the page is not a local path", async () => {
    for (const page of ["https://evil.example/x", "//evil.example", "/a/../../etc", "/a\\b", "javascript:alert(1)", `/${"x".repeat(300)}`, "/<script>"]) {
      expect((await send({ rating: "neither", page })).status, page).toBe(302);
    }
    expect((await rows()).map((r) => r.page)).toEqual([null, null, null, null, null, null, null]);
  });

  it("sends a bad answer back with the GOV.UK error summary, the field's message and what was typed, storing nothing", async () => {
    const missing = await send({ improvement: "Kept text" });
    expect(missing.status).toBe(400);
    const html = await missing.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain('<a href="#rating">Select how you felt about the service</a>');
    expect(html).toMatch(/id="rating-error" class="govuk-error-message">.*Select how you felt about the service/);
    expect(html).toContain("Kept text</textarea>");

    const unknown = await send({ rating: "delighted" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Select how you felt about the service");

    const long = await send({ rating: "dissatisfied", improvement: "a".repeat(TEXT_LIMITS.feedback.improvement + 1) });
    expect(long.status).toBe(400);
    const longHtml = await long.text();
    expect(longHtml).toContain(`<a href="#improvement">Your answer must be ${TEXT_LIMITS.feedback.improvement.toLocaleString("en-GB")} characters or fewer</a>`);
    expect(longHtml).toContain('aria-invalid="true"');

    const atLimit = await send({ rating: "dissatisfied", improvement: "a".repeat(TEXT_LIMITS.feedback.improvement) });
    expect(atLimit.status).toBe(302);
    expect(await rows()).toHaveLength(1);
  });

  it(`holds one address back after ${FEEDBACK_LIMIT.points} answers an hour (429), and not another address`, async () => {
    const ip = address();
    const statuses: number[] = [];
    for (let i = 0; i < FEEDBACK_LIMIT.points + 2; i++) statuses.push((await send({ rating: "very-satisfied" }, undefined, from(ip))).status);
    expect(statuses).toEqual([...Array<number>(FEEDBACK_LIMIT.points).fill(302), 429, 429]);
    const refused = await send({ rating: "very-satisfied" }, undefined, from(ip));
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("Too many attempts");
    expect((await send({ rating: "very-satisfied" })).status).toBe(302);
    expect(await rows()).toHaveLength(FEEDBACK_LIMIT.points + 1);
    // An answer that was not valid takes nothing from the address's hour.
    const other = address();
    for (let i = 0; i < FEEDBACK_LIMIT.points + 2; i++) await send({ rating: "" }, undefined, from(other));
    expect((await send({ rating: "satisfied" }, undefined, from(other))).status).toBe(302);
  });

  it("counts an address's answers across web processes: ten sent through another leave none here", async () => {
    // This file's own copy of the module stands for a second web process beside the build's: they share Redis only.
    const ip = address();
    for (let i = 0; i < FEEDBACK_LIMIT.points; i++) await countFeedback(ip);
    expect((await send({ rating: "satisfied" }, undefined, from(ip))).status).toBe(429);
    expect((await send({ rating: "satisfied" })).status).toBe(302);
    // What Redis holds names no address.
    const keys = await redis().keys(`${process.env.REDIS_PREFIX}:feedback:*`);
    expect(keys).toContain(`${process.env.REDIS_PREFIX}:feedback:${feedbackCountKey(ip)}`);
    expect(keys.join(" ")).not.toMatch(/198\.18\./);
  });

  it("never answers 500 to any class of input: hostile bodies, texts and pages (fast-check)", async () => {
    const goodish = fc.record({
      rating: fc.oneof(fc.constantFrom("very-satisfied", "satisfied", "neither", "dissatisfied", "very-dissatisfied"), hostileText),
      improvement: fc.oneof(fc.string({ maxLength: 1_300 }), fc.string({ unit: "grapheme", maxLength: 1_300 }), hostileText),
      page: fc.oneof(fc.webPath(), fc.webUrl(), hostileText),
    });
    const failures: string[] = [];
    await fc.assert(fc.asyncProperty(fc.oneof(goodish.map((f) => ({ kind: "fields" as const, f })), hostileBody(["rating", "improvement", "page"]).map((b) => ({ kind: "body" as const, b }))), async (input) => {
      const headers = { ...from(), Origin: server.url };
      const res = input.kind === "fields"
        ? await send(input.f, undefined, headers)
        : await fetch(`${server.url}/feedback`, { method: "POST", body: typeof input.b.body === "string" ? input.b.body : new Blob([new Uint8Array(input.b.body)]), headers: { ...headers, "Content-Type": input.b.contentType }, redirect: "manual" });
      await res.arrayBuffer();
      if (![302, 400, 413].includes(res.status)) failures.push(`${res.status}: ${JSON.stringify(input).slice(0, 300)}`);
      return res.status < 500;
    }), { numRuns: 150, seed: 20261201 });
    expect(failures).toEqual([]);
    // Whatever was stored keeps to the rules the table holds.
    for (const row of await rows()) {
      expect(row.improvement.length).toBeLessThanOrEqual(TEXT_LIMITS.feedback.improvement);
      if (row.page !== null) expect(row.page).toMatch(/^\/(?!\/)[A-Za-z0-9._~:/-]*$/);
    }
  }, 120_000);
});

describe("reading the answers at /admin/feedback", () => {
  it("shows admins the counts per rating and every answer, newest first", async () => {
    for (const [rating, improvement] of [["satisfied", "First answer"], ["very-dissatisfied", "Second answer"], ["satisfied", "Third answer"]]) {
      expect((await send({ rating: rating!, improvement: improvement!, page: "/dashboard" })).status).toBe(302);
    }
    const admin = await createAdmin();
    const res = await client.get("/admin/feedback", admin.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("3 answers");
    expect(html).toMatch(/>Satisfied<\/th><td class="govuk-table__cell govuk-table__cell--numeric">2<\/td><td[^>]*>67%</);
    expect(html).toMatch(/>Very dissatisfied<\/th><td class="govuk-table__cell govuk-table__cell--numeric">1<\/td>/);
    expect(html).toMatch(/>Neither satisfied nor dissatisfied<\/th><td class="govuk-table__cell govuk-table__cell--numeric">0<\/td>/);
    expect(html.indexOf("Third answer")).toBeLessThan(html.indexOf("Second answer"));
    expect(html.indexOf("Second answer")).toBeLessThan(html.indexOf("First answer"));
    expect(html).toContain("<code>/dashboard</code>");
    // The admin area links to it.
    expect(await (await client.get("/admin", admin.cookie)).text()).toContain('href="/admin/feedback"');
  });

  it("refuses everyone else: 403 for the signed-in who are not admins (page and data request), sign-in for visitors", async () => {
    await send({ rating: "satisfied", improvement: "Only for the programme office" });
    for (const kind of ["startup", "public_body", "corporate"] as const) {
      const member = await createMember(kind);
      for (const path of ["/admin/feedback", "/admin/feedback?_data=routes%2Fadmin.feedback"]) {
        const res = await client.get(path, member.cookie);
        expect(res.status, `${kind} ${path}`).toBe(403);
        expect(await res.text()).not.toContain("Only for the programme office");
      }
    }
    // Each refusal is recorded in the audit trail once its answer is sent (server.ts); wait for them, so
    // the file does not end with one still being written.
    const refusals = () => db().selectFrom("audit_events").select("id").where("action", "=", "access.refused").where("path", "=", "/admin/feedback").execute();
    await expect.poll(async () => (await refusals()).length).toBe(6);
    const visitor = await client.get("/admin/feedback");
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=%2Fadmin%2Ffeedback/);
  });
});
