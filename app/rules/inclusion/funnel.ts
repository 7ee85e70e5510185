// Pure: the monitoring answers as the programme publishes them (decision 033): for each question, a table of
// answers × stage of the funnel, suppressed by suppression.ts. Start-ups' founders are counted once, at the
// furthest stage any of their organisations' proposals reached, so the stages are columns of one table
// (each person in one cell) rather than nested groups whose differences would give away small numbers.
// Judges are one column of their own. A stage with fewer than THRESHOLD people answering is withheld whole,
// and so is a population with fewer than THRESHOLD in all: then every published total is at least THRESHOLD,
// and the tables of the five questions, which share those totals, are each safe on their own.
import { MONITORING_QUESTIONS, type MonitoringKey } from "./questions";
import { suppress, THRESHOLD } from "./suppression";

export const FUNNEL_STAGES = ["applied", "shortlisted", "paired", "piloting"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
/** Column headings: the furthest stage reached. */
export const STAGE_LABEL: Record<FunnelStage | "judges", string> = {
  applied: "Applied, not shortlisted",
  shortlisted: "Shortlisted, not paired",
  paired: "Paired, no pilot yet",
  piloting: "Piloting",
  judges: "Judges",
};

export type Population = "startups" | "judges";
export const POPULATION_COLUMNS: Record<Population, readonly (FunnelStage | "judges")[]> = { startups: FUNNEL_STAGES, judges: ["judges"] };

/** One count of the monitoring data: how many people of a population, at a stage, gave an answer. */
export interface AnswerCount { population: Population; stage: string; question: string; answer: string; n: number }

export interface PublishedQuestion {
  key: MonitoringKey;
  /** One row per answer, in the form's order; null: withheld. */
  rows: { answer: string; cells: (number | null)[]; total: number | null }[];
}

export type PublishedPopulation =
  | { withheld: false; columns: string[]; withheldColumns: string[]; columnTotals: number[]; total: number; questions: PublishedQuestion[] }
  /** Fewer than THRESHOLD people in all: nothing but that is said. */
  | { withheld: true };

export interface PublishedMonitoring {
  threshold: number;
  startups: PublishedPopulation;
  judges: PublishedPopulation;
}

export function publishMonitoring(counts: readonly AnswerCount[]): PublishedMonitoring {
  return { threshold: THRESHOLD, startups: publishPopulation(counts, "startups"), judges: publishPopulation(counts, "judges") };
}

function publishPopulation(counts: readonly AnswerCount[], population: Population): PublishedPopulation {
  const columns = POPULATION_COLUMNS[population];
  const count = new Map<string, number>();
  for (const c of counts) {
    if (c.population !== population) continue;
    const key = `${c.question}\u0000${c.answer}\u0000${c.stage}`;
    count.set(key, (count.get(key) ?? 0) + c.n);
  }
  const table = (q: (typeof MONITORING_QUESTIONS)[number], cols: readonly string[]) =>
    q.options.map((opt) => cols.map((s) => count.get(`${q.key}\u0000${opt.value}\u0000${s}`) ?? 0));
  // Everyone answers every question, so each question's column totals are the same people.
  const sums = MONITORING_QUESTIONS.map((q) => columns.map((_, j) => table(q, columns).reduce((a, row) => a + row[j]!, 0)));
  if (sums.some((s) => s.join() !== sums[0]!.join())) throw new Error("monitoring counts: the questions do not count the same people");
  const shown = columns.filter((_, j) => sums[0]![j]! >= THRESHOLD);
  const total = shown.reduce((a, s) => a + sums[0]![columns.indexOf(s)]!, 0);
  if (shown.length === 0 || total < THRESHOLD) return { withheld: true };
  const questions = MONITORING_QUESTIONS.map((q) => {
    const published = suppress(table(q, shown), { rowTotals: shown.length > 1 });
    return {
      key: q.key,
      rows: q.options.map((opt, i) => ({ answer: opt.value, cells: published.cells[i]!, total: shown.length > 1 ? published.rowTotals[i]! : published.cells[i]![0]! })),
    };
  });
  return {
    withheld: false,
    columns: [...shown],
    withheldColumns: columns.filter((s) => !shown.includes(s)),
    columnTotals: shown.map((s) => sums[0]![columns.indexOf(s)]!),
    total,
    questions,
  };
}
