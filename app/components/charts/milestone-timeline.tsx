// Milestones on a time axis: numbered markers coloured and shaped by state (done, late, planned), so the
// state never rests on colour alone; the table below names each number.
import { scaleUtc } from "d3-scale";
import { useId } from "react";
import { ChartFrame } from "./chart-frame";
import { formatDay, formatShortDay, toDay } from "~/lib/dates";
import { COLOURS } from "./colours";
import { Table } from "~/components/table";

export interface MilestoneTimelineProps {
  title: string;
  summary: string;
  milestones: { title: string; dueOn: string; state: "done" | "late" | "planned" }[];
}

const STATE = {
  done: { label: "Done", colour: COLOURS.green },
  late: { label: "Late", colour: COLOURS.red },
  planned: { label: "Planned", colour: COLOURS.blue },
} as const;

const WIDTH = 640;
const HEIGHT = 120;
const M = { left: 40, right: 40 };
const AXIS_Y = 70;

export function MilestoneTimeline({ title, summary, milestones }: MilestoneTimelineProps) {
  const id = useId();
  const sorted = [...milestones].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title));
  const days = sorted.map((m) => toDay(m.dueOn).getTime());
  const first = days.length ? Math.min(...days) : Date.UTC(2000, 0, 1);
  const last = days.length ? Math.max(...days) : first;
  const pad = first === last ? 14 * 86_400_000 : 0;
  const x = scaleUtc().domain([new Date(first - pad), new Date(last + pad)]).range([M.left, WIDTH - M.right]);

  const svg = (
    <g aria-hidden="true">
      <line x1={M.left} x2={WIDTH - M.right} y1={AXIS_Y} y2={AXIS_Y} stroke={COLOURS.grey} strokeWidth={2} />
      {sorted.length ? x.ticks(4).map((t) => (
        <text key={t.getTime()} x={x(t)} y={AXIS_Y + 34} textAnchor="middle" fill={COLOURS.black}>{formatShortDay(t)}</text>
      )) : (
        <text x={WIDTH / 2} y={AXIS_Y - 20} textAnchor="middle" fill={COLOURS.grey}>No milestones yet</text>
      )}
      {sorted.map((m, i) => {
        const cx = x(toDay(m.dueOn));
        const { colour } = STATE[m.state];
        // Alternate label heights so neighbouring numbers do not overlap.
        const labelY = AXIS_Y - (i % 2 === 0 ? 18 : 40);
        return (
          <g key={`${i}${m.dueOn}`}>
            <line x1={cx} x2={cx} y1={labelY + 4} y2={AXIS_Y} stroke={colour} strokeWidth={1} />
            {m.state === "done" ? <circle cx={cx} cy={AXIS_Y} r={8} fill={colour} />
              : m.state === "late" ? <rect x={cx - 7} y={AXIS_Y - 7} width={14} height={14} fill={colour} transform={`rotate(45 ${cx} ${AXIS_Y})`} />
              : <circle cx={cx} cy={AXIS_Y} r={7} fill="#ffffff" stroke={colour} strokeWidth={3} />}
            <text x={cx} y={labelY} textAnchor="middle" fill={COLOURS.black} className="app-chart__label">{i + 1}</text>
          </g>
        );
      })}
    </g>
  );

  const table = (
    <Table caption={title} captionClass="s" rows={sorted} rowKey={(m, i) => `${i}${m.dueOn}`} columns={[
      { header: "Number", numeric: true, cell: (_m, i) => i + 1 },
      { header: "Milestone", cell: (m) => m.title },
      { header: "Due", cell: (m) => formatDay(m.dueOn) },
      { header: "State", cell: (m) => STATE[m.state].label },
    ]} />
  );

  return <ChartFrame id={id} title={title} summary={summary} width={WIDTH} height={HEIGHT} svg={svg} table={table} />;
}
