// The database guards the trail: the app (web and worker) connects as a role that reads and writes its
// tables and nothing more, so even code running with the app's credentials cannot switch the audit
// trail's triggers off, empty it, drop it or rewrite it. And refusals cannot flood it: 1,000 cross-site
// POSTs from one address in a minute leave a bounded number of rows, short paths, and a count that adds up.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { useAppServer } from "../support/server";

const web = useAppServer();

class RolledBack extends Error {}

/** Runs a statement as the app, in a transaction that is always rolled back: the error it raised, or "succeeded". */
async function asApp(statement: string): Promise<string> {
  try {
    await db().transaction().execute(async (tx) => {
      await sql.raw(statement).execute(tx);
      throw new RolledBack();
    });
  } catch (error) {
    return error instanceof RolledBack ? "succeeded" : (error as Error).message;
  }
  return "succeeded";
}

describe("the app's role", () => {
  it("is neither superuser nor the owner of the tables, and cannot disable, empty, drop or rewrite the trail", async () => {
    const me = await sql<{ user: string; superuser: boolean; owner: string }>`
      SELECT current_user AS user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
             (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_events') AS owner`.execute(db());
    const { user, superuser, owner } = me.rows[0]!;
    expect(superuser).toBe(false);
    expect(owner).not.toBe(user);

    await db().insertInto("audit_events").values({ action: "data.exported", ip: "192.0.2.9" }).execute();
    const refused = /permission denied|must be owner/;
    expect(await asApp("ALTER TABLE audit_events DISABLE TRIGGER ALL")).toMatch(refused);
    expect(await asApp("TRUNCATE audit_events")).toMatch(refused);
    expect(await asApp("DROP TABLE audit_events")).toMatch(refused);
    expect(await asApp("UPDATE audit_events SET ip = '0.0.0.0'")).toMatch(refused);
    expect(await asApp("DELETE FROM audit_events")).toMatch(refused);
    expect(await asApp("CREATE TABLE app_made_this (id int)")).toMatch(refused);
    expect(await asApp("ALTER TABLE proposals ADD COLUMN sneaky text")).toMatch(refused);
    expect(await asApp("CREATE TRIGGER sneaky BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()")).toMatch(refused);
    // What the app does do, it may: read and write its tables, and add to the trail.
    expect(await asApp("UPDATE proposals SET title = title")).toBe("succeeded");
    expect(await asApp("DELETE FROM unsaved_forms")).toBe("succeeded");
    expect(await db().selectFrom("audit_events").select("ip").where("ip", "=", "192.0.2.9").execute()).toHaveLength(1);
  });
});

describe("refusals", () => {
  it("1,000 refused POSTs from one address: a bounded number of rows, each path at most 200 characters, and a count that adds up", async () => {
    const path = `/challenges/${"x".repeat(2_000)}`;
    const answers = await Promise.all(Array.from({ length: 1_000 }, () =>
      fetch(`${web.app.url}${path}`, { method: "POST", body: "a=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } })));
    expect(answers.every((r) => r.status === 403)).toBe(true);
    await Promise.all(answers.map((r) => r.text()));

    // Refusals are recorded once each answer has gone: wait until the trail stops growing.
    const refusalRows = () => db().selectFrom("audit_events").select(["action", "path", "detail"]).where("ip", "=", "127.0.0.1")
      .where("action", "in", ["access.refused", "access.refused_summary"]).execute();
    for (let last = -1, same = 0; same < 3;) {
      await new Promise((r) => setTimeout(r, 150));
      const n = (await refusalRows()).length;
      same = n === last ? same + 1 : 0;
      last = n;
    }
    const LIMIT = 200;
    const early = await refusalRows();
    // The flood may straddle a minute: at most two minutes' worth of rows (20 a minute).
    expect(early.length, "rows for 1,000 refusals").toBeLessThanOrEqual(2 * 20);
    expect(Math.max(...early.map((r) => r.path.length)), "longest path").toBeLessThanOrEqual(LIMIT);

    const { countedRefusals, summariseRefusals, REFUSALS_RECORDED_PER_MINUTE, AUDIT_PATH_MAX } = await import("../../app/server/audit-refusals.server");
    expect([REFUSALS_RECORDED_PER_MINUTE, AUDIT_PATH_MAX]).toEqual([20, LIMIT]);
    for (let i = 0; i < 200 && (await countedRefusals(db(), "127.0.0.1")) < 1_000; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await countedRefusals(db(), "127.0.0.1")).toBe(1_000);
    // The summary of a minute is written once it is over (the worker does it every minute); here, now.
    await summariseRefusals(db(), new Date(Date.now() + 60_000));

    const rows = await refusalRows();
    const recorded = rows.filter((r) => r.action === "access.refused");
    const summaries = rows.filter((r) => r.action === "access.refused_summary");
    expect(recorded.length).toBeLessThanOrEqual(2 * REFUSALS_RECORDED_PER_MINUTE);
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(summaries.length).toBeLessThanOrEqual(2);
    expect(Math.max(...rows.map((r) => r.path.length))).toBeLessThanOrEqual(AUDIT_PATH_MAX);
    const unrecorded = summaries.reduce((n, s) => n + (s.detail as { unrecorded: number }).unrecorded, 0);
    expect(recorded.length + unrecorded).toBe(1_000);

    // Summarising again adds nothing.
    await summariseRefusals(db(), new Date(Date.now() + 60_000));
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "access.refused_summary").execute()).toHaveLength(summaries.length);
  }, 60_000);
});
