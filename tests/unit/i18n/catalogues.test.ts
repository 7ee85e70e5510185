// The message catalogues (decision 042): every language says everything English says, with the same
// placeholders and markup, in every plural form its language has; and the translated pages' source holds
// no English of its own (every interface string is the catalogue's).
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUES, LANGUAGES, LOCALES, NAMESPACES, type Locale } from "../../../app/lib/i18n";

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(obj: Record<string, unknown>, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === "object") for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}

/** A message's placeholders ({{name}}, {{name, format}}, GOV.UK Frontend's %{count}) and its tags (<name>). */
function shape(message: string): string[] {
  const placeholders = [...message.matchAll(/\{\{\s*(\w+)/g)].map((m) => `{{${m[1]!.toLowerCase()}}}`);
  const frontend = [...message.matchAll(/%\{(\w+)\}/g)].map((m) => `%{${m[1]}}`);
  const tags = [...message.matchAll(/<\/?(\w+)>/g)].map((m) => m[0]);
  return [...new Set([...placeholders, ...frontend, ...tags])].sort();
}

/** Keys with their plural suffix taken off, each once. */
const bases = (keys: Iterable<string>) => new Set([...keys].map((k) => k.replace(PLURAL, "")));

// The notices of pages that are not translated yet stay English (fallback); those the translated pages show are listed by their source below.
const WHOLE = NAMESPACES.filter((ns) => ns !== "notices");

describe.each(LOCALES.filter((l) => l !== "en"))("the %s catalogues", (locale: Locale) => {
  it.each(WHOLE)("%s has every English message, and nothing English lacks", (ns) => {
    const en = bases(flatten(CATALOGUES.en[ns]).keys());
    const other = bases(flatten(CATALOGUES[locale][ns]).keys());
    expect([...en].filter((k) => !other.has(k)), "missing").toEqual([]);
    expect([...other].filter((k) => !en.has(k)), "not in English").toEqual([]);
  });

  it.each(NAMESPACES)("%s keeps each message's placeholders and markup", (ns) => {
    const en = flatten(CATALOGUES.en[ns]);
    const byBase = new Map([...en].map(([k, v]) => [k.replace(PLURAL, ""), v]));
    for (const [key, message] of flatten(CATALOGUES[locale][ns])) {
      const english = byBase.get(key.replace(PLURAL, ""));
      if (english !== undefined) expect(shape(message), `${ns}:${key}`).toEqual(shape(english));
    }
  });

  it.each(NAMESPACES)("%s has every plural form the language has (Intl.PluralRules)", (ns) => {
    const categories = new Intl.PluralRules(LANGUAGES[locale].intl).resolvedOptions().pluralCategories;
    const keys = new Set(flatten(CATALOGUES[locale][ns]).keys());
    for (const base of new Set([...keys].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, "")))) {
      for (const c of categories) expect(keys.has(`${base}_${c}`), `${ns}:${base}_${c}`).toBe(true);
    }
  });
});

/** The routes offered in every language, read from their source (`export const handle = { i18n: true }`). */
const TRANSLATED_ROUTES = ["challenges._index.tsx", "challenges.$id._index.tsx", "suggestions._index.tsx", "suggestions.new.tsx", "suggestions.$id.tsx", "pilots.$id.feedback.tsx"];
/** Components those pages draw their words from. */
const THEIR_COMPONENTS = [
  "layout.tsx", "language-switch.tsx", "error-summary.tsx", "fields.tsx", "pagination.tsx", "verified.tsx", "follow-button.tsx",
  "clarifications.tsx", "challenge-details.tsx", "challenge-list.tsx", "notice.tsx",
];
const source = (path: string) => readFileSync(resolve("app", path), "utf8");

describe("the translated pages", () => {
  it("are exactly the routes that say so", () => {
    const saying = readdirSync(resolve("app/routes")).filter((f) => /export const handle = \{ i18n: true \}/.test(source(`routes/${f}`)));
    expect(saying.sort()).toEqual([...TRANSLATED_ROUTES].sort());
  });

  it.each([...TRANSLATED_ROUTES.map((f) => `routes/${f}`), ...THEIR_COMPONENTS.map((f) => `components/${f}`)])("%s has no English words of its own in its markup", (path) => {
    // Only the component part: loaders and actions speak to the server (their refusals are error pages' details).
    const markup = source(path).split("\n").filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line)).join("\n");
    const text = [...markup.matchAll(/(?<![=-])>\s*([A-Za-z][^<{};()=]*)</g)].map((m) => m[1]!.trim()).filter((t) => /[a-z]{2}/.test(t));
    const attributes = [...markup.matchAll(/\b(label|hint|aria-label|title|caption|header|placeholder)="([^"]*[a-z]{2}[^"]*)"/g)].map((m) => `${m[1]}="${m[2]}"`);
    expect([...text, ...attributes]).toEqual([]);
  });

  it("have a Spanish notice for every notice they or their forms lead to", () => {
    const redirecting = [...TRANSLATED_ROUTES.map((f) => `routes/${f}`), "routes/follows.tsx"];
    const keys = new Set(redirecting.flatMap((p) => [...source(p).matchAll(/notice=([a-z-]+)/g)].map((m) => m[1]!)));
    expect(keys.size).toBeGreaterThan(5);
    for (const locale of LOCALES) for (const key of keys) expect(CATALOGUES[locale].notices, `${locale} notices: ${key}`).toHaveProperty([key]);
  });
});
