import { describe, expect, it } from "vitest";
import { checkGoals, formatMs, formatRatio, markdownTable, parseWrk, parseWrkBytes, parseWrkTime, sequentialResult, wrkProblems } from "../../../bench/web/figures";

// Real reports of Debian's wrk 4.1.0, as run.ts runs it.
const WITH_LATENCY = `Running 1s test @ http://127.0.0.1:18931/
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.65ms    2.42ms  15.33ms   86.18%
    Req/Sec     1.61k   807.17     3.40k    80.00%
  Latency Distribution
     50%  266.00us
     75%    2.35ms
     90%    5.12ms
     99%   10.74ms
  1609 requests in 1.01s, 268.69KB read
Requests/sec:   1592.21
Transfer/sec:    265.89KB
`;

const ERRORS = `Running 1s test @ http://127.0.0.1:18931/x
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02s   300.10ms   2.00s    90.00%
    Req/Sec     3.91k     2.57k    8.04k    55.00%
  7787 requests in 1.00m, 1.32MB read
  Socket errors: connect 0, read 3, write 0, timeout 12
  Non-2xx or 3xx responses: 7787
Requests/sec:   7767.44
Transfer/sec:      1.32MB
`;

describe("reading wrk's report", () => {
  it("reads each of wrk's time and size units", () => {
    expect(parseWrkTime("266.00us")).toBeCloseTo(0.266);
    expect(parseWrkTime("3.30ms")).toBeCloseTo(3.3);
    expect(parseWrkTime("1.02s")).toBeCloseTo(1020);
    expect(parseWrkTime("2.00m")).toBe(120_000);
    expect(parseWrkBytes("268.69KB")).toBeCloseTo(268.69 * 1024);
    expect(parseWrkBytes("1.32MB")).toBeCloseTo(1.32 * 1024 * 1024);
    expect(parseWrkBytes("512.00B")).toBe(512);
    expect(() => parseWrkTime("3.3 parsecs")).toThrow(/not understood/);
  });

  it("reads the throughput, the totals and the latency distribution", () => {
    const r = parseWrk(WITH_LATENCY);
    expect(r.requests).toBe(1609);
    expect(r.seconds).toBeCloseTo(1.01);
    expect(r.requestsPerSecond).toBeCloseTo(1592.21);
    expect(r.latency.avg).toBeCloseTo(1.65);
    expect(r.latency.max).toBeCloseTo(15.33);
    expect(r.latency.p50).toBeCloseTo(0.266);
    expect(r.latency.p99).toBeCloseTo(10.74);
    expect(wrkProblems(r)).toEqual([]);
  });

  it("has no percentiles without --latency, and reports socket errors and error answers as problems", () => {
    const r = parseWrk(ERRORS);
    expect(r.latency.p50).toBeUndefined();
    expect(r.latency.avg).toBeCloseTo(1020);
    expect(r.seconds).toBe(60);
    expect(r.socketErrors).toEqual({ connect: 0, read: 3, write: 0, timeout: 12 });
    expect(r.non2xx3xx).toBe(7787);
    expect(wrkProblems(r)).toEqual(["socket errors: connect 0, read 3, write 0, timeout 12", "7787 answers not 2xx or 3xx"]);
  });

  it("refuses a report it cannot read rather than guess", () => {
    expect(() => parseWrk("unable to connect to 127.0.0.1:1 Connection refused")).toThrow(/not understood/);
    expect(wrkProblems({ ...parseWrk(WITH_LATENCY), requests: 0 })).toEqual(["no request completed"]);
  });
});

describe("figures of a page too slow for wrk", () => {
  it("takes requests one after another as wrk's figures", () => {
    const r = sequentialResult([70_000, 99_000], 2_600_000);
    expect(r.requestsPerSecond).toBeCloseTo(2 / 169);
    expect(r.latency.p50).toBe(70_000);
    expect(r.latency.p99).toBe(99_000);
    expect(r.seconds).toBe(169);
    expect(wrkProblems(r)).toEqual([]);
    expect(sequentialResult([3, 1, 2], 0).latency.p50).toBe(2);
    expect(() => sequentialResult([], 0)).toThrow();
  });
});

describe("ratios, times and goals", () => {
  it("writes the app's throughput as a fraction of the bare server's", () => {
    expect(formatRatio(92, 42_600)).toBe("1/463");
    expect(formatRatio(4000, 10_000)).toBe("1/2.5");
    expect(formatRatio(5000, 10_000)).toBe("1/2");
    expect(formatRatio(0, 10_000)).toBe("—");
  });

  it("writes times in the unit a person reads", () => {
    expect(formatMs(0.04)).toBe("40 µs");
    expect(formatMs(3.3)).toBe("3.3 ms");
    expect(formatMs(11.4)).toBe("11 ms");
    expect(formatMs(1200)).toBe("1.20 s");
    expect(formatMs(undefined)).toBe("—");
  });

  it("marks each goal met or missed", () => {
    expect(checkGoals({ ratioAtLeast: 1 / 60, p50AtMostMs: 3 }, { appRps: 92, bareRps: 42_600, appP50Ms: 11 }))
      .toEqual({ text: "≥ 1/60 ✗, p50 ≤ 3 ms ✗", met: false });
    expect(checkGoals({ ratioAtLeast: 1 / 60, p50AtMostMs: 3 }, { appRps: 1000, bareRps: 42_600, appP50Ms: 2.9 }))
      .toEqual({ text: "≥ 1/60 ✓, p50 ≤ 3 ms ✓", met: true });
    expect(checkGoals({ p50AtMostMs: 3 }, { appRps: 1, bareRps: 1 })).toEqual({ text: "p50 ≤ 3 ms ✗", met: false });
    expect(checkGoals({}, { appRps: 1, bareRps: 1 })).toEqual({ text: "—", met: true });
  });

  it("pads a Markdown table, the figures aligned right", () => {
    expect(markdownTable([["page", "req/s"], ["/challenges", "92"], ["/", "1234"]])).toBe([
      "| page        | req/s |",
      "|-------------|------:|",
      "| /challenges |    92 |",
      "| /           |  1234 |",
    ].join("\n"));
    expect(markdownTable([["page", "who", "req/s"], ["/", "public", "1"]], 2)).toBe([
      "| page | who    | req/s |",
      "|------|--------|------:|",
      "| /    | public |     1 |",
    ].join("\n"));
  });
});
