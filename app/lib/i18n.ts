// The languages the public pages are offered in (decision 042), and one i18next instance per language.
// Every string of the translated pages lives in the message catalogues under app/locales/<language>/, one
// file per namespace; adding a language is adding its folder here and its name in LANGUAGES.
//
// The instances are made once, at import, with every catalogue bundled (two small languages: no loading
// over the network, so server and browser render the same first time). Each instance stays in its own
// language for good, so one instance serves every request in that language at once.
import { createInstance, type i18n, type TFunction } from "i18next";
import enChallenges from "../locales/en/challenges.json";
import enCommon from "../locales/en/common.json";
import enNotices from "../locales/en/notices.json";
import enResidents from "../locales/en/residents.json";
import esChallenges from "../locales/es/challenges.json";
import esCommon from "../locales/es/common.json";
import esNotices from "../locales/es/notices.json";
import esResidents from "../locales/es/residents.json";

export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language as its own speakers name it, and the Intl locale its dates and numbers follow. */
export const LANGUAGES: Record<Locale, { name: string; intl: string }> = {
  en: { name: "English", intl: "en-GB" },
  es: { name: "Español", intl: "es-ES" },
};

export const NAMESPACES = ["common", "notices", "challenges", "residents"] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const CATALOGUES: Record<Locale, Record<Namespace, Record<string, unknown>>> = {
  en: { common: enCommon, notices: enNotices, challenges: enChallenges, residents: enResidents },
  es: { common: esCommon, notices: esNotices, challenges: esChallenges, residents: esResidents },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

function make(locale: Locale): i18n {
  const instance = createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    ns: [...NAMESPACES],
    defaultNS: "common",
    resources: CATALOGUES,
    initAsync: false, // the catalogues are here already: ready before the first render
    interpolation: { escapeValue: false }, // React escapes what it renders
    returnNull: false,
  });
  return instance;
}

const INSTANCES: Record<Locale, i18n> = { en: make("en"), es: make("es") };

export function i18nFor(locale: Locale): i18n {
  return INSTANCES[locale];
}

/** A translate function for one language, for code outside React (meta titles, server messages). */
export function tFor(locale: Locale, ns: Namespace = "common"): TFunction {
  return INSTANCES[locale].getFixedT(locale, ns);
}
