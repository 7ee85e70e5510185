// The language switch on pages offered in every language (decision 042): each other language is a button
// that posts the choice to /language and comes back to this page; the current one is marked, not a link.
// Each name is written in its own language (lang attribute), so a screen reader says it as its speakers do.
// The switch loads the whole document again: GOV.UK Frontend's components (the character count's live
// messages) are set up once per document, in the language they met.
import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, LOCALES, type Locale } from "~/lib/i18n";

export function LanguageSwitch({ current }: { current: Locale }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  return (
    <nav className="app-language-switch" aria-label={t("language.label")}>
      <ul className="app-language-switch__list">
        {LOCALES.map((l) => (
          <li key={l} className="app-language-switch__item">
            {l === current ? (
              <span aria-current="true" lang={l}>{LANGUAGES[l].name}</span>
            ) : (
              <Form method="post" action="/language" className="app-inline-form" reloadDocument>
                <input type="hidden" name="lang" value={l} />
                <input type="hidden" name="returnTo" value={pathname + search} />
                <button type="submit" className="govuk-link app-link-button" lang={l}>
                  {LANGUAGES[l].name}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
