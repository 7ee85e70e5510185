// A translated page's <title> (decision 042): meta functions run outside React, so they read the reader's
// language from the root loader's data and translate with that language's instance.
import { DEFAULT_LOCALE, isLocale, tFor } from "./i18n";

interface Match { id: string; data?: unknown }

function translator(matches: Match[]) {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return tFor(isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE);
}

/** "<the key's words> – <the service>", in the reader's language. */
export function pageTitle(matches: Match[], key: string, values?: Record<string, unknown>): string {
  const t = translator(matches);
  return `${t(key, values)} – ${t("common:titleSuffix")}`;
}

/** "<words someone wrote, as written> – <the service>". */
export function titled(matches: Match[], text: string): string {
  return `${text} – ${translator(matches)("common:titleSuffix")}`;
}
