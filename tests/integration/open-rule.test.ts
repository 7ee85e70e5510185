// The one time rule for challenges (app/server/challenges/open-rule), run by the database for generated
// statuses, dates and instants, agrees with the rule as the tests state it, and reads the database's clock.
import fc from "fast-check";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { effectiveStatusAt, effectiveStatusSql, isOpenSql, pastDeadlineSql } from "../../app/server/challenges/open-rule.server";
import { expectedStatus } from "../support/challenge-status";

const STATUSES = ["draft", "published", "judging", "shortlisted", "paired", "piloting", "completed", "cancelled"] as const;
const BASE = Date.parse("2027-03-15T12:00:00Z");
const HOUR = 3_600_000;

/** The rule applied to one made-up challenge row, as a query sees `challenges`. */
function evaluate(status: string, opensAt: Date, closesAt: Date, at?: Date) {
  return db().selectFrom(sql<{ status: string; opens_at: Date; closes_at: Date }>`(SELECT ${status}::text AS status, ${opensAt.toISOString()}::timestamptz AS opens_at, ${closesAt.toISOString()}::timestamptz AS closes_at)`.as("challenges"))
    .select([(at ? effectiveStatusAt(at) : effectiveStatusSql).as("status"), isOpenSql.as("open"), pastDeadlineSql.as("past")])
    .executeTakeFirstOrThrow();
}

describe("a challenge's place in time", () => {
  it("is the same rule for any status, dates and report date", async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...STATUSES), fc.integer({ min: -500, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: -1000, max: 1000 }),
      async (status, opensIn, lasts, atOffset) => {
        const opensAt = new Date(BASE + opensIn * HOUR);
        const closesAt = new Date(opensAt.getTime() + lasts * HOUR);
        const at = new Date(BASE + atOffset * HOUR);
        expect((await evaluate(status, opensAt, closesAt, at)).status).toBe(expectedStatus(status, opensAt, closesAt, at));
      }), { numRuns: 150 });
  });

  it("is open between opening and closing, by the database clock", async () => {
    const { now } = await sql<{ now: Date }>`SELECT now() AS now`.execute(db()).then((r) => r.rows[0]!);
    const at = (ms: number) => new Date(now.getTime() + ms);
    expect(await evaluate("published", at(-HOUR), at(HOUR))).toMatchObject({ status: "open", open: true, past: false });
    expect(await evaluate("published", at(HOUR), at(2 * HOUR))).toMatchObject({ status: "upcoming", open: false, past: false });
    expect(await evaluate("published", at(-2 * HOUR), at(-HOUR))).toMatchObject({ status: "closed", open: false, past: true });
    expect(await evaluate("judging", at(-HOUR), at(HOUR))).toMatchObject({ status: "judging", open: false });
  });
});
