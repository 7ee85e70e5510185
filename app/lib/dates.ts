// Dates as the programme states them: calendar days in UK time. A challenge opens at the start of its
// opening day and closes at 23:59:59 on its closing day, London time (so BST is handled).
import { TZDate } from "@date-fns/tz";

const LONDON = "Europe/London";

/** The instant of a wall-clock time in London (BST or GMT as the day has it), from @date-fns/tz. */
export function londonTime(year: number, month: number, day: number, h = 0, min = 0, s = 0): Date {
  return new Date(new TZDate(year, month - 1, day, h, min, s, LONDON).getTime());
}

export function startOfLondonDay(year: number, month: number, day: number): Date {
  return londonTime(year, month, day, 0, 0, 0);
}

export function endOfLondonDay(year: number, month: number, day: number): Date {
  return londonTime(year, month, day, 23, 59, 59);
}

export function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

// Formatters are made once: each one is costly to build, and a page formats hundreds of dates.
const DATE = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, day: "numeric", month: "long", year: "numeric" });
// hourCycle, not hour12: with hour12 Node's ICU writes midnight as "0:00 am" and browsers as "12:00 am",
// so a page showing a time in the first hour of a London day failed to hydrate.
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON, day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h12",
});
const ISO_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: LONDON, year: "numeric", month: "2-digit", day: "2-digit" });
const MONEY = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "";
  return DATE.format(new Date(value));
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "";
  return DATE_TIME.format(new Date(value));
}

/** A Date as its calendar day in London, `YYYY-MM-DD`. */
export function londonDay(d: Date): string {
  return ISO_DAY.format(d);
}

/** A Date's day, month and year in London, as a GOV.UK date input shows them (no leading zeros). */
export function londonDateParts(d: Date): { day: string; month: string; year: string } {
  const [year, month, day] = londonDay(d).split("-");
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
}

export function formatMoney(gbp: number | null | undefined): string {
  if (gbp === null || gbp === undefined) return "";
  return MONEY.format(gbp);
}

// Calendar days as ISO strings (`2027-03-26`), as the charts and pilot plans hold them: formatted in UTC,
// where such a day has no time of its own, so server and browser render the same words.
const CALENDAR_DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
const SHORT_CALENDAR_DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" });

/** An ISO calendar day as people read it: "26 Mar 2027". */
export function formatDay(iso: string): string {
  return CALENDAR_DAY.format(toDay(iso));
}

/** A day without its year, for chart axes: "26 Mar". */
export function formatShortDay(d: Date): string {
  return SHORT_CALENDAR_DAY.format(d);
}

/** The instant an ISO calendar day starts, in UTC (for positioning on a time axis). */
export function toDay(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}
