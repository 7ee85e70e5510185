// The page's language's formats (app/lib/formats.ts), for components under the root's I18nextProvider.
import { useTranslation } from "react-i18next";
import { formatsFor, type Formats } from "~/lib/formats";
import { DEFAULT_LOCALE, isLocale } from "~/lib/i18n";

export function useFormats(): Formats {
  const { i18n } = useTranslation();
  return formatsFor(isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE);
}
