// Challenge dates as iCalendar (issue 16, item 10): a published challenge's opening and deadline, and an
// organisation's feed of its published challenges; drafts never appear; whatever a title holds, it stays
// one property's text (no line of its own, no event of its own), and the dates are the challenge's, in UTC.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as publicPage from "../../app/routes/challenges.$id._index";
import * as challengeCalendar from "../../app/routes/challenges.$id.calendar[.]ics";
import * as organisationCalendar from "../../app/routes/calendars.$id.challenges[.]ics";
import { datesCalendar } from "../../app/server/challenges/calendar.server";
import { db } from "../../app/server/connections.server";
import { createChallenge, createMember, createOrg } from "../support/factories";
import { call, getRequest } from "../support/requests";

/** The calendar's content lines, unfolded (RFC 5545 3.1: a line break followed by a space continues the line). */
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, "").split("\r\n").filter(Boolean);
const events = (ics: string) => {
  const out: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines(ics)) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") { out.push(current!); current = null; }
    else if (current) {
      const at = line.indexOf(":");
      current[line.slice(0, at).split(";")[0]!] = line.slice(at + 1);
    }
  }
  return out;
};
const utc = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
const unescape = (text: string) => text.replace(/\\n/gi, "\n").replace(/\\([,;\\])/g, "$1");

describe("challenge calendars", () => {
  it("gives a published challenge's opening and deadline, in UTC, and nothing for a draft or an unknown id", async () => {
    const body = await createMember("public_body");
    const published = await createChallenge(body.orgId, { title: "Cooler bus stops" });
    const draft = await createChallenge(body.orgId, { title: "Not yet", status: "draft" });
    const row = await db().selectFrom("challenges").select(["opens_at", "closes_at"]).where("id", "=", published.id).executeTakeFirstOrThrow();
    const res = await call(challengeCalendar.loader, getRequest(`/challenges/${published.id}/calendar.ics`), { id: published.id });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain(".ics");
    const found = events(res.text);
    expect(found.map((e) => e.SUMMARY)).toEqual(["Opens for proposals: Cooler bus stops", "Deadline for proposals: Cooler bus stops"]);
    expect(found[0]!.DTSTART).toBe(utc(row.opens_at));
    expect(found[1]!.DTEND).toBe(utc(row.closes_at));
    expect(found.map((e) => e.UID)).toEqual([`${published.id}-opens@civic-challenge`, `${published.id}-closes@civic-challenge`]);
    for (const id of [draft.id, "00000000-0000-4000-8000-000000000000"]) {
      expect((await call(challengeCalendar.loader, getRequest(`/challenges/${id}/calendar.ics`), { id })).status).toBe(404);
    }
    expect((await call(challengeCalendar.loader, getRequest("/challenges/x/calendar.ics"), { id: "x" })).status).toBe(404);
  });

  it("is linked from a published challenge's page, and not from a draft's preview", async () => {
    const body = await createMember("public_body");
    const published = await createChallenge(body.orgId);
    const draft = await createChallenge(body.orgId, { status: "draft" });
    const page = await call(publicPage.loader, getRequest(`/challenges/${published.id}`), { id: published.id });
    expect((page.body as { calendar: unknown }).calendar).toEqual({ challenge: `/challenges/${published.id}/calendar.ics`, organisation: `/calendars/${body.orgId}/challenges.ics` });
    const preview = await call(publicPage.loader, getRequest(`/challenges/${draft.id}`, body.cookie), { id: draft.id });
    expect((preview.body as { calendar: unknown }).calendar).toBeNull();
  });

  it("feeds an organisation's published challenges, not its drafts, not another's; an unknown organisation is 404", async () => {
    const body = await createMember("public_body");
    const other = await createMember("public_body");
    const a = await createChallenge(body.orgId, { title: "Quieter streets" });
    const b = await createChallenge(body.orgId, { title: "Warmer homes" });
    await createChallenge(body.orgId, { title: "A draft", status: "draft" });
    await createChallenge(other.orgId, { title: "Someone else's" });
    const res = await call(organisationCalendar.loader, getRequest(`/calendars/${body.orgId}/challenges.ics`), { id: body.orgId });
    expect(res.status).toBe(200);
    const uids = events(res.text).map((e) => e.UID);
    expect(uids.sort()).toEqual([a.id, b.id].flatMap((id) => [`${id}-closes@civic-challenge`, `${id}-opens@civic-challenge`]).sort());
    // A start-up with no challenges: a valid, empty calendar.
    const startup = await createOrg("startup");
    const empty = await call(organisationCalendar.loader, getRequest(`/calendars/${startup.id}/challenges.ics`), { id: startup.id });
    expect(empty.status).toBe(200);
    expect(events(empty.text)).toEqual([]);
    expect(lines(empty.text)[0]).toBe("BEGIN:VCALENDAR");
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await call(organisationCalendar.loader, getRequest(`/calendars/${unknown}/challenges.ics`), { id: unknown })).status).toBe(404);
  });

  it("keeps whatever a title or a name holds inside its own property: no new line, property or event (fast-check)", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", ",", ";", ":", "\\", "\n", "\r", "\r\n", "BEGIN:VEVENT", "END:VCALENDAR", "é", "🚲"), maxLength: 40 });
    fc.assert(fc.property(fc.array(fc.record({ title: text, organisation: text }), { maxLength: 4 }), (challenges) => {
      const input = challenges.map((c, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, ...c, opensAt: new Date(Date.UTC(2026, 0, 1 + i)), closesAt: new Date(Date.UTC(2026, 2, 1 + i)), reviewsDueAt: null }));
      const ics = datesCalendar("Feed", input);
      // Lines end only in CRLF: a bare CR or LF from a title would start a line a calendar reads.
      expect(/\r(?!\n)|(?<!\r)\n/.test(ics)).toBe(false);
      const all = lines(ics);
      expect(all.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(2 * input.length);
      expect(all.filter((l) => l === "END:VCALENDAR")).toHaveLength(1);
      // Every content line is a property of ours, never text a title carried onto a line of its own.
      for (const l of all) expect(l).toMatch(/^(BEGIN|END|VERSION|PRODID|METHOD|NAME|X-WR-CALNAME|UID|SEQUENCE|DTSTAMP|DTSTART|DTEND|SUMMARY|DESCRIPTION|URL)[;:]/);
      const found = events(ics);
      found.forEach((e, i) => {
        const c = input[Math.floor(i / 2)]!;
        // What was typed comes back, line breaks as the calendar's own (\\n), once unescaped.
        expect(unescape(e.SUMMARY!).replace(/\r\n|\r/g, "\n")).toContain(c.title.replace(/\r\n|\r/g, "\n").replace(/\n/g, "\n"));
      });
    }), { numRuns: 200 });
  });
});
