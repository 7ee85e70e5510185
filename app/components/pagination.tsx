// GOV.UK pagination that keeps the current filters in each link.
import { useTranslation } from "react-i18next";

export function Pagination({ page, pageCount, params }: { page: number; pageCount: number; params: URLSearchParams }) {
  const { t } = useTranslation();
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  const pages = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  return (
    <nav className="govuk-pagination" aria-label={t("pagination.label")}>
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <a className="govuk-link govuk-pagination__link" href={href(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">{t("pagination.previous")}<span className="govuk-visually-hidden"> {t("pagination.page")}</span></span>
          </a>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {pages.map((p, i) => (
          <li key={p} className={`govuk-pagination__item${p === page ? " govuk-pagination__item--current" : ""}`}>
            {i > 0 && p - pages[i - 1]! > 1 ? <span className="govuk-visually-hidden">…</span> : null}
            <a className="govuk-link govuk-pagination__link" href={href(p)} aria-label={t("pagination.pageN", { n: p })} aria-current={p === page ? "page" : undefined}>{p}</a>
          </li>
        ))}
      </ul>
      {page < pageCount ? (
        <div className="govuk-pagination__next">
          <a className="govuk-link govuk-pagination__link" href={href(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">{t("pagination.next")}<span className="govuk-visually-hidden"> {t("pagination.page")}</span></span>
          </a>
        </div>
      ) : null}
    </nav>
  );
}
