// Which language a reader asked for (decision 042): the language cookie they chose with the switch on a
// translated page, else the first of their browser's languages we offer, else English. Only the pages that
// say they are translated (route handle `i18n`) follow it; every other page stays in English.
import * as cookie from "cookie";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "~/lib/i18n";
import { isSecureContext } from "./session.server";

export const LANGUAGE_COOKIE = "civic_lang";

export function preferredLocale(request: Request): Locale {
  const chosen = cookie.parse(request.headers.get("Cookie") ?? "")[LANGUAGE_COOKIE];
  if (isLocale(chosen)) return chosen;
  return fromAcceptLanguage(request.headers.get("Accept-Language"));
}

/** The best of ours for an Accept-Language header: by q (ties in order given), on the primary subtag. */
export function fromAcceptLanguage(header: string | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header.slice(0, 500).split(",").map((part, i) => {
    const [tag = "", ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", weight: Number.isFinite(weight) ? weight : 0, i };
  }).filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const { lang } of ranked) {
    if (lang === "*") return DEFAULT_LOCALE;
    const found = LOCALES.find((l) => l === lang);
    if (found) return found;
  }
  return DEFAULT_LOCALE;
}

/** The cookie that remembers the choice for a year: a preference, not a tracker, so no consent asked. */
export function languageCookie(request: Request, locale: Locale): string {
  return cookie.serialize(LANGUAGE_COOKIE, locale, {
    sameSite: "lax", secure: isSecureContext(request), path: "/", maxAge: 365 * 24 * 3600, httpOnly: true,
  });
}
