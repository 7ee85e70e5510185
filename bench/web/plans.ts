// What bench/web/explain.ts looks for in a query plan: PostgreSQL's EXPLAIN (FORMAT JSON), walked for
// sequential scans, and a scan kept only when its table is big enough for a scan to cost (a table of a
// few hundred rows is read faster whole than through an index, and the planner rightly does so).

/** A node of EXPLAIN (FORMAT JSON)'s plan: the fields read here, and its children under "Plans". */
export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Alias?: string;
  Filter?: string;
  "Plan Rows"?: number;
  Plans?: PlanNode[];
}

/** EXPLAIN (FORMAT JSON)'s answer: one statement, its plan at the root. */
export type ExplainOutput = [{ Plan: PlanNode }];

export interface SeqScan {
  table: string;
  /** The condition each row was tested against, as EXPLAIN prints it (none: the whole table was wanted). */
  filter: string | null;
}

/**
 * A table is big over this many rows: "more than a few thousand" (issue 15). At city scale the tables of a
 * few thousand rows (organisations, KPIs, milestones: about 3,000) are read whole in under a millisecond, and
 * the planner rightly chooses between that and their indexes; proposals (20,000) and measurements (100,000) are
 * the ones a scan costs.
 */
export const BIG_TABLE_ROWS = 5000;

/** Every sequential scan in a plan (Parallel Seq Scan included: the table is still read whole), depth first. */
export function seqScans(plan: PlanNode): SeqScan[] {
  const own = /^(Parallel )?Seq Scan$/.test(plan["Node Type"]) && plan["Relation Name"]
    ? [{ table: plan["Relation Name"], filter: plan.Filter ?? null }]
    : [];
  return [...own, ...(plan.Plans ?? []).flatMap(seqScans)];
}

/** The scans of tables holding more than BIG_TABLE_ROWS rows; a table whose size is not known counts as big. */
export function bigSeqScans(plan: PlanNode, rowsOf: (table: string) => number | undefined, threshold = BIG_TABLE_ROWS): SeqScan[] {
  return seqScans(plan).filter((s) => (rowsOf(s.table) ?? Infinity) > threshold);
}

/** Whether a recorded statement can be explained: reads and writes, not transaction control or SET. */
export function isExplainable(sql: string): boolean {
  return /^\s*\(?\s*(select|with|insert|update|delete)\b/i.test(sql);
}
