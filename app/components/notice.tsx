// Success messages after a redirect. The URL carries only a key from this list, never user data.
// Their words are the catalogue's (app/locales/<language>/notices.json, decision 042).
// A run's "has started" (assignment-started, scoring-started, pairing-started, round-started) is not there:
// RunProgress shows it, and turns it into the run's outcome when it finishes.
import { useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import notices from "~/locales/en/notices.json";

export function Notice() {
  const [params] = useSearchParams();
  const { t } = useTranslation("notices");
  const key = params.get("notice");
  // Only a key the English catalogue has as its own: a made-up one shows nothing (and is never echoed).
  if (!key || !Object.hasOwn(notices, key)) return null;
  return <SuccessBanner title={t("common:notice.success")}>{t(key)}</SuccessBanner>;
}

/** A GOV.UK success notification banner. */
export function SuccessBanner({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="notice-title" data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="notice-title">{title}</h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}
