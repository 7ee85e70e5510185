import fc from "fast-check";
// Dates and times as the pages print them, the same on the server and in every browser.
import { describe, expect, it } from "vitest";
import { formatDateTime } from "../../../app/lib/dates";

describe("formatDateTime", () => {
  it("writes the first hour of a London day as 12 am, as browsers do (the server once wrote 0:00 am)", () => {
    expect(formatDateTime("2025-12-29T00:00:00Z")).toBe("29 December 2025 at 12:00 am");
    expect(formatDateTime("2025-12-29T00:30:00Z")).toBe("29 December 2025 at 12:30 am");
    expect(formatDateTime("2025-12-29T12:05:00Z")).toBe("29 December 2025 at 12:05 pm");
    // British Summer Time: midnight in London is 23:00 UTC the day before.
    expect(formatDateTime("2026-06-30T23:00:00Z")).toBe("1 July 2026 at 12:00 am");
  });
});

describe("londonTime (from @date-fns/tz)", () => {
  it("gives the instant whose London wall clock is the one asked for, in GMT and BST alike", async () => {
    const { londonTime, londonDay } = await import("../../../app/lib/dates");
    const clock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    fc.assert(fc.property(
      fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }),
      // 02:00–02:59 does not exist on the last Sunday of March; 04:00 onwards exists every day.
      fc.integer({ min: 4, max: 23 }), fc.integer({ min: 0, max: 59 }),
      (y, m, d, h, min) => {
        const at = londonTime(y, m, d, h, min);
        expect(londonDay(at)).toBe(`${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
        expect(clock.format(at)).toBe(`${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`);
      },
    ));
    expect(londonTime(2026, 7, 1, 12).toISOString()).toBe("2026-07-01T11:00:00.000Z");
    expect(londonTime(2026, 12, 1, 12).toISOString()).toBe("2026-12-01T12:00:00.000Z");
  });
});
