// GOV.UK error summary: lists every problem, links to the field, and takes focus so screen-reader and
// keyboard users land on it after a failed submit.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { FormErrors } from "~/lib/form-errors";

export function ErrorSummary({ errors }: { errors?: FormErrors | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const { t } = useTranslation();
  const count = errors?.summary.length ?? 0;
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [count, errors]);
  if (!errors || count === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{t("errors.summaryTitle")}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.summary.map((e) => (
              <li key={e.href + e.text}>
                <a href={e.href}>{e.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
