// /metrics over real HTTP: who may read it, that what it sends is Prometheus's text format, that a request
// is counted under its route's pattern, and that addresses nobody routes do not add label values.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../app/server/env.server";
import { queue, QUEUES } from "../../jobs/queues";
import { startAppServer } from "../support/server";

const TOKEN = "metrics-test-token-0123456789abcdef";
let open: Awaited<ReturnType<typeof startAppServer>>;
let closed: Awaited<ReturnType<typeof startAppServer>>;

// The token is read when the server is made: one server without it, one with it.
beforeAll(async () => {
  delete process.env.METRICS_TOKEN;
  resetEnvCache();
  closed = await startAppServer();
  process.env.METRICS_TOKEN = TOKEN;
  resetEnvCache();
  open = await startAppServer();
});
afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  resetEnvCache();
  await Promise.all([open?.close(), closed?.close()]);
});

/** The scrape, parsed (the parser throws on a line that is not Prometheus text), and as sent. */
async function scrapeText(): Promise<{ families: ParsedFamily[]; text: string }> {
  const res = await fetch(`${open.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain;.*version=0\.0\.4/);
  const text = await res.text();
  return { families: parsePrometheusTextFormat(text), text };
}

async function scrape(): Promise<ParsedFamily[]> {
  return (await scrapeText()).families;
}

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no ${name} in the scrape`);
  return found;
}

function requestCount(families: ParsedFamily[], labels: { route: string; method: string; status: string }): number {
  const sample = family(families, "civic_http_requests_total").metrics.find(
    (m) => m.labels?.route === labels.route && m.labels.method === labels.method && m.labels.status === labels.status,
  );
  return Number(sample?.value ?? 0);
}

function routeLabels(families: ParsedFamily[]): Set<string> {
  return new Set(family(families, "civic_http_requests_total").metrics.map((m) => m.labels?.route ?? ""));
}

describe("who may read /metrics", () => {
  it("is not there (404) when no token is configured, whatever is sent", async () => {
    expect((await fetch(`${closed.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${closed.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it("asks for the token (401) when none or the wrong one is sent", async () => {
    const wrong = await fc.sample(fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s !== TOKEN && !/\s/.test(s)), 20);
    const headers: (Record<string, string> | undefined)[] = [
      undefined,
      { Authorization: TOKEN },
      { Authorization: `Basic ${TOKEN}` },
      { Authorization: `Bearer ${TOKEN}x` },
      { Authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      ...wrong.map((w) => ({ Authorization: `Bearer ${w}` })),
    ];
    for (const h of headers) {
      const res = await fetch(`${open.url}/metrics`, { headers: h });
      expect(res.status, JSON.stringify(h)).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain("civic_");
    }
  });
});

describe("what /metrics says", () => {
  it("parses as Prometheus text, with the request, queue and process families", async () => {
    const families = await scrape();
    expect(family(families, "civic_http_requests_total").type).toBe("COUNTER");
    expect(family(families, "civic_http_request_duration_seconds").type).toBe("HISTOGRAM");
    expect(family(families, "civic_process_cpu_seconds_total").type).toBe("COUNTER");
    expect(Number(family(families, "civic_queue_read_ok").metrics[0]?.value)).toBe(1);
  });

  it("counts a request under its route's pattern, not its address", async () => {
    const labels = { route: "/challenges/:id", method: "GET", status: "4xx" };
    const before = requestCount(await scrape(), labels);
    for (let i = 0; i < 3; i++) await (await fetch(`${open.url}/challenges/${randomUUID()}`)).arrayBuffer();
    const { families: after, text } = await scrapeText();
    expect(requestCount(after, labels)).toBe(before + 3);
    expect([...routeLabels(after)].some((r) => /[0-9a-f]{8}-/.test(r))).toBe(false);
    // The parser folds a labelled histogram's samples together, so its count is read from the text.
    const count = /^civic_http_request_duration_seconds_count\{route="\/challenges\/:id",method="GET",status="4xx"\} (\d+)$/m.exec(text)?.[1];
    expect(Number(count)).toBeGreaterThanOrEqual(before + 3);
  });

  it("adds no label value for addresses no route answers, however many are sent at once", async () => {
    await (await fetch(`${open.url}/no-such-page-${randomUUID()}`)).arrayBuffer();
    const before = routeLabels(await scrape());
    // Not "." or "..": fetch resolves those dot segments, and "/zz-a/.." is a request for "/" (a real route).
    const segment = fc.stringMatching(/^[a-zA-Z0-9._~-]{1,12}$/).filter((part) => part !== "." && part !== "..");
    const paths = fc.sample(fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/zz-${parts.join("/")}`), 150);
    const methods = ["GET", "POST", "BREW", "DELETE"];
    await Promise.all(paths.map(async (path, i) => {
      const res = await fetch(`${open.url}${path}`, { method: methods[i % methods.length], headers: { Origin: open.url } }).catch(() => undefined);
      await res?.arrayBuffer();
    }));
    const after = await scrape();
    expect([...routeLabels(after)].filter((r) => !before.has(r))).toEqual([]);
    const methodValues = new Set(family(after, "civic_http_requests_total").metrics.map((m) => m.labels?.method));
    expect(methodValues.has("BREW")).toBe(false);
  });

  it("shows each queue's depth by state, read when scraped", async () => {
    const job = await queue(QUEUES.dashboards).add("programme-rollup", {}, { delay: 3_600_000 });
    try {
      const jobs = family(await scrape(), "civic_queue_jobs").metrics;
      for (const name of Object.values(QUEUES)) {
        for (const state of ["waiting", "active", "delayed", "failed"]) expect(jobs.some((m) => m.labels?.queue === name && m.labels.state === state)).toBe(true);
      }
      const delayed = jobs.find((m) => m.labels?.queue === QUEUES.dashboards && m.labels.state === "delayed");
      expect(Number(delayed?.value)).toBeGreaterThanOrEqual(1);
    } finally {
      await job.remove();
    }
  });
});
