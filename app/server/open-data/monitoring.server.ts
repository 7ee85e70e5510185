// Open data's equality monitoring file (decision 033): the dashboard's suppressed tables, one row per
// published count, from the same roll-up, so both publish the same counts with the same ones withheld.
// Counts of people only, never a person's answers; a withheld count is empty (CSV) or null (JSON).
import { getProgrammeDashboard } from "../dashboards.server";
import { POPULATION_COLUMNS, type Population } from "../../rules/inclusion/funnel";

export interface MonitoringRow {
  population: Population;
  question: string;
  answer: string;
  stage: string;
  count: number | null;
}

export async function monitoringRows(): Promise<MonitoringRow[]> {
  const figures = (await getProgrammeDashboard()).inclusion;
  if (!figures) return [];
  const rows: MonitoringRow[] = [];
  for (const population of Object.keys(POPULATION_COLUMNS) as Population[]) {
    const p = figures[population];
    if (p.withheld) continue;
    const many = p.columns.length > 1;
    for (const q of p.questions) {
      for (const r of q.rows) {
        p.columns.forEach((stage, j) => rows.push({ population, question: q.key, answer: r.answer, stage, count: r.cells[j] ?? null }));
        if (many) rows.push({ population, question: q.key, answer: r.answer, stage: "all", count: r.total });
      }
      p.columns.forEach((stage, j) => rows.push({ population, question: q.key, answer: "all", stage, count: p.columnTotals[j]! }));
      if (many) rows.push({ population, question: q.key, answer: "all", stage: "all", count: p.total });
    }
  }
  return rows;
}
