// A line chart of values over calendar days, with optional baseline and target lines. Rendered on the
// server as plain SVG (d3 only computes scales and paths), so it needs no JavaScript in the browser.
import { scaleLinear, scaleUtc } from "d3-scale";
import { line } from "d3-shape";
import { useId } from "react";
import { ChartFrame } from "./chart-frame";
import { formatDay, formatShortDay, toDay } from "~/lib/dates";
import { formatDecimal as formatNumber } from "~/lib/words";
import { COLOURS, SERIES_COLOURS } from "./colours";
import { Table } from "~/components/table";

export interface LineChartProps {
  title: string;
  summary: string;
  unit: string;
  series: { name: string; points: { x: string; y: number }[] }[];
  referenceLines?: { label: string; y: number; kind: "baseline" | "target" }[];
  width?: number;
  height?: number;
}

const M = { top: 16, right: 120, bottom: 36, left: 56 };

export function LineChart({ title, summary, unit, series, referenceLines = [], width = 640, height = 280 }: LineChartProps) {
  const id = useId();
  const points = series.flatMap((s) => s.points);
  const days = points.map((p) => toDay(p.x).getTime());
  const first = days.length ? Math.min(...days) : Date.UTC(2000, 0, 1);
  const last = days.length ? Math.max(...days) : first;
  // One point alone still gets a readable axis: a week either side.
  const pad = first === last ? 7 * 86_400_000 : 0;
  const x = scaleUtc().domain([new Date(first - pad), new Date(last + pad)]).range([M.left, width - M.right]);
  const values = [...points.map((p) => p.y), ...referenceLines.map((r) => r.y)];
  const lo = values.length ? Math.min(0, ...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const y = scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).nice().range([height - M.bottom, M.top]);
  const path = line<{ x: string; y: number }>().x((p) => x(toDay(p.x))).y((p) => y(p.y));

  const svg = (
    <>
      <g className="app-chart__axis" aria-hidden="true">
        {y.ticks(5).map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} stroke="#b1b4b6" strokeWidth={1} />
            <text x={M.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle" fill={COLOURS.black}>{formatNumber(t)}</text>
          </g>
        ))}
        {points.length ? x.ticks(4).map((t) => (
          <text key={`x${t.getTime()}`} x={x(t)} y={height - M.bottom + 20} textAnchor="middle" fill={COLOURS.black}>{formatShortDay(t)}</text>
        )) : null}
        <text x={4} y={M.top - 4} fill={COLOURS.grey}>{unit}</text>
      </g>
      {referenceLines.map((r) => {
        const colour = r.kind === "target" ? COLOURS.green : COLOURS.grey;
        return (
          <g key={`${r.kind}${r.label}`} aria-hidden="true">
            <line x1={M.left} x2={width - M.right} y1={y(r.y)} y2={y(r.y)} stroke={colour} strokeWidth={2} strokeDasharray={r.kind === "target" ? "8 4" : "2 4"} />
            <text x={width - M.right + 6} y={y(r.y)} dominantBaseline="middle" fill={colour} className="app-chart__label">{r.label}</text>
          </g>
        );
      })}
      {series.map((s, i) => {
        const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
        const sorted = [...s.points].sort((a, b) => a.x.localeCompare(b.x));
        return (
          <g key={s.name} aria-hidden="true">
            {sorted.length > 1 ? <path d={path(sorted) ?? ""} fill="none" stroke={colour} strokeWidth={3} /> : null}
            {sorted.map((p) => <circle key={p.x} cx={x(toDay(p.x))} cy={y(p.y)} r={5} fill={colour} stroke="#ffffff" strokeWidth={2} />)}
          </g>
        );
      })}
      {points.length === 0 ? (
        <text x={(M.left + width - M.right) / 2} y={(M.top + height - M.bottom) / 2} textAnchor="middle" fill={COLOURS.grey}>No measurements yet</text>
      ) : null}
    </>
  );

  const table = (
    <>
      {referenceLines.length ? (
        <ul className="govuk-list">
          {referenceLines.map((r) => <li key={`${r.kind}${r.label}`}>{r.label}: {formatNumber(r.y)} {unit}</li>)}
        </ul>
      ) : null}
      <Table caption={title} captionClass="s" empty="No measurements yet"
        rows={series.flatMap((s) => [...s.points].sort((a, b) => a.x.localeCompare(b.x)).map((p) => ({ series: s.name, ...p })))}
        rowKey={(p) => `${p.series}${p.x}`} columns={[
          series.length > 1 && { header: "Series", cell: (p) => p.series },
          { header: "Date", cell: (p) => formatDay(p.x) },
          { header: <>Value ({unit})</>, numeric: true, cell: (p) => formatNumber(p.y) },
        ]} />
    </>
  );

  return <ChartFrame id={id} title={title} summary={summary} width={width} height={height} svg={svg} table={table} />;
}
