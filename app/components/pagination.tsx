// GOV.UK pagination that keeps the current filters in each link.
export function Pagination({ page, pageCount, params }: { page: number; pageCount: number; params: URLSearchParams }) {
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next.toString()}`;
  };
  const pages = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  return (
    <nav className="govuk-pagination" aria-label="Pagination">
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <a className="govuk-link govuk-pagination__link" href={href(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">Previous<span className="govuk-visually-hidden"> page</span></span>
          </a>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {pages.map((p, i) => (
          <li key={p} className={`govuk-pagination__item${p === page ? " govuk-pagination__item--current" : ""}`}>
            {i > 0 && p - pages[i - 1]! > 1 ? <span className="govuk-visually-hidden">…</span> : null}
            <a className="govuk-link govuk-pagination__link" href={href(p)} aria-label={`Page ${p}`} aria-current={p === page ? "page" : undefined}>{p}</a>
          </li>
        ))}
      </ul>
      {page < pageCount ? (
        <div className="govuk-pagination__next">
          <a className="govuk-link govuk-pagination__link" href={href(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">Next<span className="govuk-visually-hidden"> page</span></span>
          </a>
        </div>
      ) : null}
    </nav>
  );
}
