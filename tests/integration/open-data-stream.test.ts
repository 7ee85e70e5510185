// kpis.csv, streamed from a database cursor (issue 15): the same bytes as the file written whole, for
// generated programmes (pilots in every status, KPIs with and without measurements, text a spreadsheet
// would run, commas, quotes, line breaks, unicode); the first rows sent while the query is still open; a
// reader that cancels, a client that stops reading or disconnects stops the cursor and gives its connection
// back; a database failure half-way errors the body; the compression middleware still compresses it.
// The cursor is watched in pg_stat_activity: its backend is busy while the cursor is open, idle once closed.
import { request as httpGet } from "node:http";
import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { loader as fileLoader } from "../../app/routes/open-data.$file";
import { db } from "../../app/server/connections.server";
import { DOWNLOAD_RETRY_SECONDS, STREAMED_DOWNLOADS_MAX } from "../../app/server/open-data/download-slots.server";
import { KPI_ROWS_PER_BATCH, toCsv } from "../../app/server/open-data/output.server";
import { approvedPilotKpis } from "../../app/server/open-data/queries.server";
import { createChallenge, createKpi, createOrg, createPairedPilot, createProposal, createSponsorship } from "../support/factories";
import { failReads, ownerSql } from "../support/owner-db";
import { call, getRequest } from "../support/requests";
import { useAppServer } from "../support/server";

/** kpis.csv as it was written before it was streamed: every KPI with its measurements in memory, then flattened. */
async function kpisCsvWrittenWhole(): Promise<string> {
  const kpis = await approvedPilotKpis();
  return toCsv("kpis", kpis.flatMap(({ measurements, ...k }) =>
    (measurements.length ? measurements : [{ date: null, value: null }]).map((m) => ({ ...k, date: m.date, value: m.value }))));
}

const kpisCsv = () => call(fileLoader, getRequest("/open-data/kpis.csv"), { file: "kpis.csv" });

let team: { challengeId: string; publicOrgId: string; corporateOrgId: string; sponsorshipId: string };

beforeAll(async () => {
  const publicBody = await createOrg("public_body", { name: "Borough of Streamham", verified: true });
  const corporate = await createOrg("corporate", { name: "Streamham Water plc", verified: true });
  const challenge = await createChallenge(publicBody.id, { title: "Cleaner rivers", opensAt: new Date(Date.now() - 200 * 86_400_000), closesAt: new Date(Date.now() - 100 * 86_400_000) });
  const sponsorship = await createSponsorship({ challenge_id: challenge.id, org_id: corporate.id, capacity: 100, status: "accepted" });
  team = { challengeId: challenge.id, publicOrgId: publicBody.id, corporateOrgId: corporate.id, sponsorshipId: sponsorship.id };
});

type PilotStatus = "draft" | "approved" | "running" | "completed";

/** A pilot of a new start-up on the challenge (one proposal per organisation and challenge). */
async function insertPilot(status: PilotStatus, title: string) {
  const startup = await createOrg("startup", { name: `Start-up ${crypto.randomUUID()}` });
  const proposal = await createProposal(team.challengeId, startup.id, { status: "submitted" });
  const { pilot } = await createPairedPilot({ ...team, proposalId: proposal.id, startupOrgId: startup.id }, {
    pilot: { title, status, approved_at: status === "draft" ? null : new Date() },
  });
  return pilot.id;
}

const typed = fc.oneof(
  fc.constantFrom("=HYPERLINK(\"https://evil.example\",\"Click\")", "+44 20 7946 0000", "-5", "@home", "\t=1+1", "\r=1+1", "a,b", "say \"hi\"",
    "two\nlines", "crlf\r\nend", "Zoë’s café ☕ 😀", "＝1+1", "Residents reached", "residents reached", "Ärger", "zebra"),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "\"", ",", "'", "é", "😀", "a", "Z", " "), maxLength: 8 }),
).filter((s) => !s.includes("\u0000"));
const number = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }));
const measurement = fc.record({
  day: fc.integer({ min: 0, max: 4 }), // few days, so that measurements share a date and the id orders them
  value: number,
  status: fc.constantFrom("verified", "verified", "recorded", "queried"),
});
const kpi = fc.record({
  name: typed, unit: typed, baseline: number, target: number,
  direction: fc.constantFrom("higher", "lower"), frequency: fc.constantFrom("weekly", "monthly", "quarterly"),
  measurements: fc.array(measurement, { maxLength: 4 }),
});
const pilot = fc.record({
  status: fc.constantFrom<PilotStatus>("draft", "approved", "running", "completed"),
  kpis: fc.array(kpi, { maxLength: 3 }),
});
type GeneratedPilot = typeof pilot extends fc.Arbitrary<infer T> ? T : never;

/** A generated programme's pilots, KPIs and measurements, written as the app stores them; the pilots' ids. */
async function insertProgramme(pilots: GeneratedPilot[]): Promise<string[]> {
  const ids: string[] = [];
  for (const p of pilots) {
    const pilotId = await insertPilot(p.status, "Generated pilot");
    ids.push(pilotId);
    for (const { measurements, ...values } of p.kpis) {
      const { id } = await createKpi({ pilot_id: pilotId, ...values });
      if (measurements.length) {
        await db().insertInto("measurements").values(measurements.map((m) => ({
          kpi_id: id, measured_on: `2026-0${m.day + 1}-15`, value: m.value, status: m.status,
        }))).execute();
      }
    }
  }
  return ids;
}

describe("kpis.csv, streamed", () => {
  it("is the same bytes as the file written whole, for generated pilots, KPIs and measurements (fast-check)", { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(pilot, { minLength: 1, maxLength: 3 }), async (pilots) => {
      const ids = await insertProgramme(pilots);
      try {
        const streamed = await kpisCsv();
        expect(streamed.status).toBe(200);
        expect(streamed.text).toBe(await kpisCsvWrittenWhole());
      } finally {
        // Each run's pilots go (their KPIs and measurements with them): a failure shrinks to the programme that shows it.
        await db().deleteFrom("pilots").where("id", "in", ids).execute();
      }
    }), { numRuns: 25 });
  });
});

/** The backends whose last query is kpis.csv's cursor, and whether each is still busy with it. */
async function cursorBackends() {
  const { rows } = await sql<{ pid: number; state: string }>`
    SELECT pid, state FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE ${"%left join lateral%measurements%"}`.execute(db());
  return rows;
}

async function openCursor(): Promise<number> {
  const busy = (await cursorBackends()).filter((b) => b.state !== "idle");
  expect(busy, "one cursor open").toHaveLength(1);
  return busy[0]!.pid;
}

async function waitUntilClosed(pid: number) {
  await vi.waitFor(async () => {
    expect((await cursorBackends()).filter((b) => b.pid === pid && b.state !== "idle")).toEqual([]);
  }, { timeout: 20_000, interval: 50 });
}

/**
 * Every connection of the pool (10) taken at once: only possible if none is still held by a cursor; the
 * cursor's own connection is among them. (A connection kept by a forgotten cursor would leave this waiting.)
 * The last row: postgres.js 3.4.9 answers the next query on the connection of a query that failed half-way
 * with empty slots before its rows (porsager/postgres#1119), which this query, once on each, also clears.
 */
async function everyConnectionFree(): Promise<number[]> {
  const pids: number[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = Array.from({ length: 10 }, () => db().connection().execute(async (conn) => {
    try {
      pids.push((await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(conn)).rows.at(-1)!.pid);
    } finally {
      if (pids.length === 10) release();
    }
    await released;
  }).catch((error: unknown) => {
    release();
    throw error;
  }));
  await Promise.all(held);
  return pids;
}

describe("kpis.csv at more rows than the socket and a few batches hold", () => {
  let lastKpi: { id: string } | undefined;
  // 500 KPIs × 32 verified measurements, with names of 1,000 characters: 16,000 rows, about 16.5 MB, more
  // than loopback sockets buffer, and 16 batches. Many KPIs with a few measurements each, as at city scale
  // (3,000 × 30), so PostgreSQL plans it as there: KPIs sorted first, then each one's measurements.
  beforeAll(async () => {
    const pilotId = await insertPilot("running", "Many measurements");
    await sql`INSERT INTO kpis (pilot_id, name, unit, baseline, target, direction, frequency)
      SELECT ${pilotId}, left(lpad(k::text, 3, '0') || ' ' || repeat('river quality, in "parts" ', 40), 1000), 'mg/l', 10, 2, 'lower', 'weekly'
      FROM generate_series(1, 500) k`.execute(db());
    await sql`INSERT INTO measurements (kpi_id, measured_on, value, status)
      SELECT kpis.id, date '2025-01-01' + g, g * 0.5 - 100, 'verified' FROM kpis, generate_series(1, 32) g WHERE kpis.pilot_id = ${pilotId}`.execute(db());
    lastKpi = await db().selectFrom("kpis").select("id").where("pilot_id", "=", pilotId).orderBy("name", "desc").limit(1).executeTakeFirstOrThrow();
    expect(16_000).toBeGreaterThan(5 * KPI_ROWS_PER_BATCH);
    // Statistics, as autovacuum would gather them, so the plan is production's: each KPI's measurements by index.
    const owner = ownerSql();
    try {
      await owner`ANALYZE kpis, pilots, measurements`;
    } finally {
      await owner.end();
    }
  });

  it("sends its first rows while the query is still open, and cancelling the body closes the cursor and frees its connection", async () => {
    const response = (await fileLoader({ request: getRequest("/open-data/kpis.csv"), params: { file: "kpis.csv" }, context: {} as never })) as Response;
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.startsWith("kpi_id,pilot_id,name,unit,baseline,target,direction,frequency,date,value\n")).toBe(true);
    const pid = await openCursor();
    await reader.cancel();
    await waitUntilClosed(pid);
    expect(await everyConnectionFree()).toContain(pid);
  });

  it("streams at most STREAMED_DOWNLOADS_MAX at once in a process, asks the next to retry, and frees a slot when one ends", { timeout: 60_000 }, async () => {
    const open = async () => {
      const response = (await fileLoader({ request: getRequest("/open-data/kpis.csv"), params: { file: "kpis.csv" }, context: {} as never })) as Response;
      const reader = response.body!.getReader();
      await reader.read();
      return reader;
    };
    // Sent at once, as a burst of downloads arrives: exactly the slots' number get through.
    const tries = await Promise.allSettled(Array.from({ length: STREAMED_DOWNLOADS_MAX + 2 }, open));
    const held = tries.flatMap((t) => (t.status === "fulfilled" ? [t.value] : []));
    const refused = tries.flatMap((t) => (t.status === "rejected" ? [t.reason as Response] : []));
    try {
      expect(held).toHaveLength(STREAMED_DOWNLOADS_MAX);
      expect(refused).toHaveLength(2);
      for (const r of refused) {
        expect(r.status).toBe(503);
        expect(r.headers.get("Retry-After")).toBe(String(DOWNLOAD_RETRY_SECONDS));
      }
      // A cancelled download gives its slot back at once.
      await held.pop()!.cancel();
      held.push(await open());
      // So does one read to its end: the slots are not used up by downloads that finished.
      for (const reader of held.splice(0)) {
        for (;;) if ((await reader.read()).done) break;
      }
      for (let i = 0; i < STREAMED_DOWNLOADS_MAX + 1; i++) await (await open()).cancel();
    } finally {
      for (const reader of held) await reader.cancel();
    }
    expect(await everyConnectionFree()).toHaveLength(10);
  });

  it("errors the body, rather than ending it, when the query fails half-way", async () => {
    // The big pilot's last KPI's last measurement (its 16,000th row) cannot be read.
    const allowReads = await failReads("measurements", `value = ${32 * 0.5 - 100} AND kpi_id = '${lastKpi!.id}'`);
    try {
      const response = (await fileLoader({ request: getRequest("/open-data/kpis.csv"), params: { file: "kpis.csv" }, context: {} as never })) as Response;
      const reader = response.body!.getReader();
      let received = 0;
      const ending = (async () => {
        for (;;) {
          const next = await reader.read();
          if (next.done) return "ended";
          received += next.value.length;
        }
      })();
      await expect(ending).rejects.toThrow("test: read refused");
      expect(received, "rows before the failure were sent").toBeGreaterThan(5_000_000);
    } finally {
      await allowReads();
    }
    expect(await everyConnectionFree()).toHaveLength(10);
  });

  it("is the same bytes as the file written whole, over many batches", { timeout: 60_000 }, async () => {
    const streamed = await kpisCsv();
    expect(streamed.text.length).toBeGreaterThan(16_000_000);
    expect(streamed.text).toBe(await kpisCsvWrittenWhole());
  });

  describe("over HTTP, through the production build", () => {
    const server = useAppServer();

    it("keeps its headers, and the compression middleware compresses the stream", { timeout: 90_000 }, async () => {
      const plain = await fetch(`${server.app.url}/open-data/kpis.csv`, { headers: { "Accept-Encoding": "identity" } });
      const gzipped = await fetch(`${server.app.url}/open-data/kpis.csv`, { headers: { "Accept-Encoding": "gzip" } });
      for (const res of [plain, gzipped]) {
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
        expect(res.headers.get("content-disposition")).toBe('attachment; filename="kpis.csv"');
        expect(res.headers.get("cache-control")).toBe("public, max-age=300");
      }
      expect(plain.headers.get("content-encoding")).toBeNull();
      expect(gzipped.headers.get("content-encoding")).toBe("gzip");
      const whole = await kpisCsvWrittenWhole();
      expect(await plain.text()).toBe(whole);
      expect(await gzipped.text()).toBe(whole); // fetch decompresses it
    });

    it("stops reading the cursor while the client stops reading, and closes it when the client disconnects", { timeout: 90_000 }, async () => {
      const client = await new Promise<{ res: import("node:http").IncomingMessage; destroy: () => void }>((resolve, reject) => {
        const req = httpGet(`${server.app.url}/open-data/kpis.csv`, (res) => {
          res.once("data", () => {
            res.pause();
            resolve({ res, destroy: () => req.destroy() });
          });
        });
        req.on("error", reject);
        req.end();
      });
      try {
        const pid = await openCursor();
        // The same file read whole meanwhile, as a clock: a server that ignored the paused client would have
        // sent it all (less than this, and started first) before this read ends.
        expect((await kpisCsv()).text.length).toBeGreaterThan(16_000_000);
        expect((await cursorBackends()).find((b) => b.pid === pid)?.state, "the paused client's cursor is still open").not.toBe("idle");
        client.destroy();
        await waitUntilClosed(pid);
        expect(await everyConnectionFree()).toContain(pid);
      } finally {
        client.destroy();
      }
    });
  });
});
