// The monitoring figures as published (decision 033): counts by population, furthest stage, question and
// answer from the database (never a person's row: monitoring_counts() answers counts only), suppressed by
// the pure rule. Computed in the programme roll-up, so the dashboard and the open-data file publish the
// same tables, with the same cells withheld.
import { sql } from "kysely";
import type { DB } from "../../../db/client";
import { publishMonitoring, type AnswerCount, type Population, type PublishedMonitoring } from "../../rules/inclusion/funnel";

export async function monitoringFigures(executor: DB): Promise<PublishedMonitoring> {
  const { rows } = await sql<{ population: Population; stage: string; question: string; answer: string; n: string }>`
    SELECT population, stage, question, answer, n FROM monitoring_counts()`.execute(executor);
  const counts: AnswerCount[] = rows.map((r) => ({ ...r, n: Number(r.n) }));
  return publishMonitoring(counts);
}
