// Dates as the programme states them: calendar days in UK time. A challenge opens at the start of its
// opening day and closes at 23:59:59 on its closing day, London time (so BST is handled).
const LONDON = "Europe/London";

/** Offset of London from UTC, in minutes, at the given instant. */
function londonOffsetMinutes(at: Date): number {
  const name = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, timeZoneName: "shortOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** The instant of a wall-clock time in London. */
export function londonTime(year: number, month: number, day: number, h = 0, min = 0, s = 0): Date {
  const guess = new Date(Date.UTC(year, month - 1, day, h, min, s));
  const offset = londonOffsetMinutes(new Date(guess.getTime() - londonOffsetMinutes(guess) * 60_000));
  return new Date(guess.getTime() - offset * 60_000);
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

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "";
  return new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, day: "numeric", month: "long", year: "numeric" }).format(new Date(value));
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "";
  return new Intl.DateTimeFormat("en-GB", {
    // hourCycle, not hour12: with hour12 Node's ICU writes midnight as "0:00 am" and browsers as "12:00 am",
    // so a page showing a time in the first hour of a London day failed to hydrate.
    timeZone: LONDON, day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h12",
  }).format(new Date(value));
}

export function formatMoney(gbp: number | null | undefined): string {
  if (gbp === null || gbp === undefined) return "";
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 }).format(gbp);
}
