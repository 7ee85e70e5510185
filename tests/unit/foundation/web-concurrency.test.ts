// WEB_CONCURRENCY: a whole number of web processes from 1 to 4 per core, one per core when unset; anything
// else is refused with a message saying what it may be, and `npm start` refuses it before doing anything.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WEB_PROCESSES_PER_CORE_MAX, webConcurrency } from "../../../app/server/web-concurrency.server";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const cores = fc.integer({ min: 1, max: 256 });

describe("WEB_CONCURRENCY", () => {
  it("is one web process per core when unset", () => {
    fc.assert(fc.property(cores, (n) => {
      expect(webConcurrency(undefined, n)).toBe(n);
    }));
  });

  it("takes any whole number from 1 to 4 per core", () => {
    fc.assert(fc.property(cores.chain((c) => fc.tuple(fc.constant(c), fc.integer({ min: 1, max: WEB_PROCESSES_PER_CORE_MAX * c }))), ([c, n]) => {
      expect(webConcurrency(String(n), c)).toBe(n);
    }));
  });

  it("refuses more than 4 per core, whatever the machine: never a fork bomb", () => {
    fc.assert(fc.property(cores, fc.integer({ min: 1, max: 1e12 }), (c, over) => {
      expect(() => webConcurrency(String(WEB_PROCESSES_PER_CORE_MAX * c + over), c)).toThrow(`from 1 to ${WEB_PROCESSES_PER_CORE_MAX * c} (`);
    }));
  });

  it("refuses what is not a whole number written out, saying what it may be and what it is", () => {
    for (const value of ["0", "-1", "two", "1e9", "1000000000", "", " 2", "2 ", "2.0", "1.5", "+2", "0x2", "02", "Infinity", "NaN"]) {
      expect(() => webConcurrency(value, 2), value).toThrow(`Invalid environment: WEB_CONCURRENCY: must be a whole number of web processes from 1 to 8 (4 per core, 2 cores here); unset, it is 2, one per core (it is "${value}")`);
    }
    // Anything else that is not the digits of a number in range.
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (value) => {
      fc.pre(!/^[1-8]$/.test(value));
      expect(() => webConcurrency(value, 2)).toThrow(/^Invalid environment: WEB_CONCURRENCY: /);
    }));
  });

  it("is refused by `npm start` before it touches anything", async () => {
    for (const value of ["0", "-1", "two", "1e9"]) {
      // Unreachable databases: had the value been let through, start.ts would fail on them instead, saying something else.
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
        cwd: ROOT,
        env: { ...process.env, WEB_CONCURRENCY: value, DATABASE_URL: "postgres://civic_app@127.0.0.1:1/none", MIGRATION_DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise((resolve) => child.once("exit", resolve));
      expect({ value, code, stdout, stderr: stderr.trim() }).toEqual({
        value, code: 1, stdout: "", stderr: expect.stringMatching(new RegExp(`^Invalid environment: WEB_CONCURRENCY: must be a whole number of web processes from 1 to \\d+ .*\\(it is "${value}"\\)$`)),
      });
    }
  });
});
