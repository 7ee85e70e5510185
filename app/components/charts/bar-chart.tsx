// Horizontal bars, one per label; negative values grow left of the zero line.
import { scaleBand, scaleLinear } from "d3-scale";
import { useId } from "react";
import { ChartFrame } from "./chart-frame";
import { formatDecimal as formatNumber } from "~/lib/words";
import { COLOURS } from "./colours";
import { Table } from "~/components/table";

export interface BarChartProps {
  title: string;
  summary: string;
  unit: string;
  bars: { label: string; value: number; colour?: string }[];
  width?: number;
  height?: number;
}

const M = { top: 8, right: 72, bottom: 8, left: 200 };

export function BarChart({ title, summary, unit, bars, width = 640, height }: BarChartProps) {
  const id = useId();
  const h = height ?? Math.max(60, bars.length * 36 + M.top + M.bottom);
  const lo = Math.min(0, ...bars.map((b) => b.value));
  const hi = Math.max(0, ...bars.map((b) => b.value));
  const x = scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).nice().range([M.left, width - M.right]);
  const band = scaleBand().domain(bars.map((b, i) => `${i}`)).range([M.top, h - M.bottom]).padding(0.25);

  const svg = (
    <g aria-hidden="true">
      {bars.map((b, i) => {
        const top = band(`${i}`) ?? 0;
        const x0 = x(Math.min(0, b.value));
        const x1 = x(Math.max(0, b.value));
        return (
          <g key={`${i}${b.label}`}>
            <text x={M.left - 8} y={top + band.bandwidth() / 2} textAnchor="end" dominantBaseline="middle" fill={COLOURS.black} className="app-chart__label">
              {b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label}
            </text>
            <rect x={x0} y={top} width={Math.max(1, x1 - x0)} height={band.bandwidth()} fill={b.colour ?? COLOURS.blue} />
            <text x={x1 + 6} y={top + band.bandwidth() / 2} dominantBaseline="middle" fill={COLOURS.black}>{formatNumber(b.value)}</text>
          </g>
        );
      })}
      <line x1={x(0)} x2={x(0)} y1={M.top} y2={h - M.bottom} stroke={COLOURS.black} strokeWidth={1} />
    </g>
  );

  const table = (
    <Table caption={title} captionClass="s" rows={bars} rowKey={(b, i) => `${i}${b.label}`} columns={[
      { header: "Item", rowHeader: true, cell: (b) => b.label },
      { header: <>Value ({unit})</>, numeric: true, cell: (b) => formatNumber(b.value) },
    ]} />
  );

  return <ChartFrame id={id} title={title} summary={summary} width={width} height={h} svg={svg} table={table} />;
}
