// GOV.UK colours for charts, and the formatting every chart shares.
export const COLOURS = {
  blue: "#1d70b8",
  green: "#00703c",
  red: "#d4351c",
  orange: "#f47738",
  grey: "#505a5f",
  black: "#0b0c0c",
} as const;

/** Series colours in order: distinct in hue and in lightness, so they survive greyscale. */
export const SERIES_COLOURS = [COLOURS.blue, COLOURS.black, COLOURS.orange, COLOURS.green];

const DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
const SHORT_DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" });

/** An ISO calendar day (`2027-03-26`) as people read it; charts work in UTC days so server and browser agree. */
export function formatDay(iso: string): string {
  return DAY_FORMAT.format(toDay(iso));
}

export function formatShortDay(d: Date): string {
  return SHORT_DAY_FORMAT.format(d);
}

export function toDay(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 }).format(n);
}
