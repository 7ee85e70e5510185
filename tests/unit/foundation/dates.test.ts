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
