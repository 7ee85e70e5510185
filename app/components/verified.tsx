// Who the programme office has verified: a GOV.UK tag beside an organisation's name wherever it is shown
// to others, and what the tag means, in a details component on the pages that show it.
import { useTranslation } from "react-i18next";
import { Tag } from "./tag";

export function OrgName({ name, verified }: { name: string; verified: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {name}
      {verified ? <>{" "}<Tag label={t("verified.tag")} colour="green" /></> : null}
    </>
  );
}

export function VerifiedExplainer() {
  const { t } = useTranslation();
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{t("verified.summary")}</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">{t("verified.checked")}</p>
        <p className="govuk-body">{t("verified.only")}</p>
      </div>
    </details>
  );
}
