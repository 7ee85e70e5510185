// Dates, times, money and numbers as each language writes them (decision 042): "3 December 2026, 2:05pm"
// in English, "3 de diciembre de 2026, 14:05" in Spanish. Always London's clock, whatever the language:
// the programme's deadlines are London's. Formatters are made once per language (each is costly to build).
import { LANGUAGES, type Locale } from "./i18n";

export interface Formats {
  date(value: Date | string | null | undefined): string;
  dateTime(value: Date | string | null | undefined): string;
  money(gbp: number | null | undefined): string;
  number(n: number): string;
}

const LONDON = "Europe/London";
const made = new Map<Locale, Formats>();

function make(locale: Locale): Formats {
  const tag = LANGUAGES[locale].intl;
  const date = new Intl.DateTimeFormat(tag, { timeZone: LONDON, day: "numeric", month: "long", year: "numeric" });
  // hourCycle, not hour12: with hour12 Node's ICU writes midnight as "0:00 am" and browsers as "12:00 am".
  const dateTime = new Intl.DateTimeFormat(tag, {
    timeZone: LONDON, day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit",
    hourCycle: locale === "en" ? "h12" : "h23",
  });
  const money = new Intl.NumberFormat(tag, { style: "currency", currency: "GBP", currencyDisplay: "narrowSymbol", maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(tag);
  return {
    date: (v) => (v ? date.format(new Date(v)) : ""),
    dateTime: (v) => (v ? dateTime.format(new Date(v)) : ""),
    money: (gbp) => (gbp === null || gbp === undefined ? "" : money.format(gbp)),
    number: (n) => number.format(n),
  };
}

export function formatsFor(locale: Locale): Formats {
  let f = made.get(locale);
  if (!f) made.set(locale, (f = make(locale)));
  return f;
}
