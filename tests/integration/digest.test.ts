// The daily digest (issue 16, item 8; decision 030): someone who chose it never gets one email per event; their
// notices are held and gathered into one email a day, each in exactly one digest; links and warnings that
// cannot wait still go at once.
import { describe, expect, it } from "vitest";
import * as preferencesPage from "../../app/routes/account.notifications";
import { db } from "../../app/server/connections.server";
import { notify, notifyAll } from "../../app/server/notifications.server";
import { sendDailyDigests } from "../../jobs/notifications/daily-digest";
import { deliverQueued } from "../../jobs/notifications/send";
import { createMember } from "../support/factories";
import { call, getRequest, postRequest } from "../support/requests";

const choose = (cookie: string, form: Record<string, string | string[]>) => call(preferencesPage.action, postRequest("/account/notifications", form, cookie));
const statusesOf = async (userId: string) =>
  (await db().selectFrom("notifications").select(["kind", "status"]).where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute());
const event = (userId: string, n: number) => ({ userId, kind: "proposal_submitted" as const, subject: `Event ${n}`, body: `What happened, number ${n}.` });

async function digestReader() {
  const m = await createMember("startup");
  const res = await choose(m.cookie, { kinds: ["proposal_submitted"], frequency: "daily" });
  expect(res.status).toBe(302);
  return m;
}

describe("the daily digest", () => {
  it("is chosen on the preferences page and read back; a made-up choice is refused next to the field", async () => {
    const m = await digestReader();
    const page = await call(preferencesPage.loader, getRequest("/account/notifications", m.cookie));
    expect(page.body).toMatchObject({ frequency: "daily" });
    const bad = await choose(m.cookie, { kinds: [], frequency: "hourly" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: { fields: { frequency: "Select how often you want emails" } } });
    // A form without the question leaves the choice as it was.
    await choose(m.cookie, { kinds: ["proposal_submitted"] });
    expect((await call(preferencesPage.loader, getRequest("/account/notifications", m.cookie))).body).toMatchObject({ frequency: "daily" });
  });

  it("holds a reader's notices instead of sending them, but not what cannot wait, and not other people's", async () => {
    const reader = await digestReader();
    const other = await createMember("startup");
    await notifyAll(db(), [event(reader.user.id, 1), event(other.user.id, 1)]);
    await notify(db(), { userId: reader.user.id, kind: "email_confirmation", subject: "Confirm", body: "A link" });
    await deliverQueued(db(), null);
    expect(await statusesOf(reader.user.id)).toEqual([{ kind: "proposal_submitted", status: "held" }, { kind: "email_confirmation", status: "stored" }]);
    expect(await statusesOf(other.user.id)).toEqual([{ kind: "proposal_submitted", status: "stored" }]);
  });

  it("gathers each reader's held notices into one email, in order, each notice in exactly one digest however many run at once", async () => {
    const [a, b] = [await digestReader(), await digestReader()];
    for (let i = 1; i <= 3; i++) await notifyAll(db(), [event(a.user.id, i), event(b.user.id, i)]);
    // Everyone with notices held (earlier tests' readers too) gets one digest, whichever run makes it.
    const readers = await db().selectFrom("notifications").select("user_id").distinct().where("status", "=", "held").execute();
    const made = await Promise.all([sendDailyDigests(db()), sendDailyDigests(db()), sendDailyDigests(db())]);
    expect(made.reduce((s, n) => s + n, 0)).toBe(readers.length);
    for (const who of [a, b]) {
      const digests = await db().selectFrom("notifications").select(["subject", "body", "status"]).where("user_id", "=", who.user.id).where("kind", "=", "daily_digest").execute();
      expect(digests).toHaveLength(1);
      expect(digests[0]!.subject).toContain("3 updates");
      const body = digests[0]!.body;
      expect(body.indexOf("Event 1")).toBeLessThan(body.indexOf("Event 2"));
      expect(body.indexOf("Event 2")).toBeLessThan(body.indexOf("Event 3"));
      expect((await statusesOf(who.user.id)).filter((n) => n.kind === "proposal_submitted").map((n) => n.status)).toEqual(["digested", "digested", "digested"]);
    }
    // The next run has nothing to gather; the digest itself goes out as an ordinary email.
    expect(await sendDailyDigests(db())).toBe(0);
    await deliverQueued(db(), null);
    expect((await statusesOf(a.user.id)).find((n) => n.kind === "daily_digest")!.status).toBe("stored");
  });

  it("going back to immediate emails sends what was held, rather than losing it", async () => {
    const reader = await digestReader();
    await notify(db(), event(reader.user.id, 1));
    await choose(reader.cookie, { kinds: ["proposal_submitted"], frequency: "immediate" });
    expect(await statusesOf(reader.user.id)).toEqual([{ kind: "proposal_submitted", status: "queued" }]);
    await notify(db(), event(reader.user.id, 2));
    expect((await statusesOf(reader.user.id)).map((n) => n.status)).toEqual(["queued", "queued"]);
  });
});
