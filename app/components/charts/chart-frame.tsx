// What every chart shares: a visible caption, the SVG labelled by a text summary for screen readers, and
// the same numbers in a GOV.UK table for anyone who prefers (or needs) them.
import type { ReactNode } from "react";

export function ChartFrame({ id, title, summary, width, height, svg, table }: {
  id: string;
  title: string;
  summary: string;
  width: number;
  height: number;
  svg: ReactNode;
  table: ReactNode;
}) {
  return (
    <figure className="app-chart">
      <figcaption className="govuk-heading-s app-chart__caption" id={`${id}-title`}>{title}</figcaption>
      <p className="govuk-body-s" id={`${id}-summary`}>{summary}</p>
      <svg
        className="app-chart__svg"
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        preserveAspectRatio="xMinYMin meet"
      >
        {svg}
      </svg>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Show the numbers<span className="govuk-visually-hidden"> for {title}</span></span>
        </summary>
        <div className="govuk-details__text">{table}</div>
      </details>
    </figure>
  );
}
