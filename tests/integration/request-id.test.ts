// Each request's reference: on its answer's X-Request-Id, in every log line written while it is answered,
// and on its error page for a person to quote. A reference the client sent is kept only when it is a
// plain token.
import { Writable } from "node:stream";
import type { ServerBuild } from "@remix-run/node";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestIdFrom } from "../../app/server/request-id.server";
import { createServer } from "../../server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const lines: Record<string, unknown>[] = [];
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const build = (await import(/* @vite-ignore */ new URL("../../build/index.js", import.meta.url).href)) as ServerBuild;
  const log = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const { app } = await createServer(build, { log });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close?.();
});

describe("the reference", () => {
  it("keeps a plain token the client sent, and replaces anything else with a new UUID", () => {
    const plain = fc.stringMatching(/^[A-Za-z0-9._:-]{8,128}$/);
    fc.assert(fc.property(plain, (sent) => void expect(requestIdFrom(sent)).toBe(sent)));
    const other = fc.oneof(
      fc.string({ maxLength: 7 }),
      fc.string({ minLength: 129, maxLength: 300 }),
      fc.string({ minLength: 8, maxLength: 40 }).filter((s) => /[^A-Za-z0-9._:-]/.test(s)),
    );
    fc.assert(fc.property(other, (sent) => void expect(requestIdFrom(sent)).toMatch(UUID)));
    expect(requestIdFrom(undefined)).toMatch(UUID);
  });

  it("is on every kind of answer, and differs from one request to the next", async () => {
    const seen = new Set<string>();
    for (const path of ["/", "/no-such-page", "/healthz", "/readyz", "/favicon.ico", "/metrics", "/api/challenges"]) {
      const res = await fetch(`${url}${path}`);
      await res.arrayBuffer();
      const id = res.headers.get("x-request-id") ?? "";
      expect(id, path).toMatch(UUID);
      seen.add(id);
    }
    expect(seen.size).toBe(7);
  });

  it("is the client's own when it sent a plain one, a new one when it sent something else", async () => {
    const own = "lb-7f3a9c2e.0001";
    expect((await fetch(`${url}/`, { headers: { "X-Request-Id": own } })).headers.get("x-request-id")).toBe(own);
    for (const sent of ["<script>alert(1)</script>", "short", "a b c d e f g h", "x".repeat(200)]) {
      expect((await fetch(`${url}/`, { headers: { "X-Request-Id": sent } })).headers.get("x-request-id")).toMatch(UUID);
    }
  });

  it("is in the request's log line", async () => {
    const own = "trace-log-line-0001";
    await (await fetch(`${url}/challenges`, { headers: { "X-Request-Id": own } })).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const mine = lines.filter((l) => l.requestId === own || (l.req as { id?: string } | undefined)?.id === own);
    expect(mine.length).toBeGreaterThan(0);
    for (const line of mine) expect(line.requestId, JSON.stringify(line)).toBe(own);
    expect(lines.filter((l) => l.requestId === undefined && l.req !== undefined)).toEqual([]);
  });

  it("is shown on the error page, to be quoted", async () => {
    const res = await fetch(`${url}/no-such-page`);
    expect(res.status).toBe(404);
    const id = res.headers.get("x-request-id") ?? "";
    const html = await res.text();
    expect(html).toContain("quote this reference");
    expect(html).toContain(`data-reference="${id}"`);
  });
});
