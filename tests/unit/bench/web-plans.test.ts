import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bigSeqScans, isExplainable, seqScans, type ExplainOutput, type PlanNode } from "../../../bench/web/plans";

// PostgreSQL 15's EXPLAIN (FORMAT JSON) of a join with a correlated subquery, on the city seed (fields
// bench/web/explain.ts does not read left out): two sequential scans, one table reached by an index.
const JOIN_WITH_SUBPLAN: ExplainOutput = [{
  Plan: {
    "Node Type": "Hash Join",
    Plans: [
      { "Node Type": "Seq Scan", "Relation Name": "kpis", Alias: "k" },
      { "Node Type": "Hash", Plans: [{ "Node Type": "Seq Scan", "Relation Name": "pilots", Alias: "p", Filter: "(title = 'x'::text)" }] },
      {
        "Node Type": "Aggregate",
        Plans: [{ "Node Type": "Bitmap Heap Scan", "Relation Name": "measurements", Alias: "m", Plans: [{ "Node Type": "Bitmap Index Scan" }] }],
      },
    ],
  },
}];

const SCAN_TYPES = ["Seq Scan", "Parallel Seq Scan"];
const OTHER_TYPES = ["Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Hash Join", "Nested Loop", "Sort", "Limit", "Aggregate", "Result"];
const TABLES = ["proposals", "measurements", "kpis", "themes", "sessions"];

/** Plans of any shape: scans and other nodes, with or without a relation and a filter, nested up to five deep. */
const plans: fc.Arbitrary<PlanNode> = fc.letrec<{ node: PlanNode }>((tie) => ({
  node: fc.record({
    "Node Type": fc.constantFrom(...SCAN_TYPES, ...OTHER_TYPES),
    "Relation Name": fc.option(fc.constantFrom(...TABLES), { nil: undefined }),
    Filter: fc.option(fc.constantFrom("(status = 'submitted'::text)", "(org_id = $1)"), { nil: undefined }),
    Plans: fc.option(fc.array(tie("node"), { maxLength: 3 }), { nil: undefined, depthSize: "small" }),
  }, { requiredKeys: ["Node Type"] }),
})).node;

/** Every node of a plan, by another walk than the one tested (breadth first, with a queue). */
function allNodes(plan: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  for (const queue = [plan]; queue.length;) {
    const n = queue.shift()!;
    out.push(n);
    queue.push(...(n.Plans ?? []));
  }
  return out;
}

describe("sequential scans in a plan", () => {
  it("finds each one, under joins, hashes and subplans, with its filter", () => {
    expect(seqScans(JOIN_WITH_SUBPLAN[0].Plan)).toEqual([{ table: "kpis", filter: null }, { table: "pilots", filter: "(title = 'x'::text)" }]);
  });

  it("finds exactly the scans that read a table whole, however the plan is shaped", () => {
    fc.assert(fc.property(plans, (plan) => {
      const expected = allNodes(plan).filter((n) => SCAN_TYPES.includes(n["Node Type"]) && n["Relation Name"]).map((n) => n["Relation Name"]).sort();
      expect(seqScans(plan).map((s) => s.table).sort()).toEqual(expected);
    }));
  });

  it("keeps those of tables over the threshold, and of tables of unknown size", () => {
    const rows: Record<string, number> = { kpis: 12_000, pilots: 1004 };
    expect(bigSeqScans(JOIN_WITH_SUBPLAN[0].Plan, (t) => rows[t])).toEqual([{ table: "kpis", filter: null }]);
    fc.assert(fc.property(plans, fc.dictionary(fc.constantFrom(...TABLES), fc.nat(200_000)), fc.nat(10_000), (plan, sizes, threshold) => {
      const big = bigSeqScans(plan, (t) => sizes[t], threshold);
      expect(big).toEqual(seqScans(plan).filter((s) => !(s.table in sizes) || sizes[s.table]! > threshold));
    }));
  });
});

describe("which recorded statements are explained", () => {
  it("reads and writes, not transaction control", () => {
    for (const q of ["select 1", "  WITH x AS (select 1) select * from x", "insert into audit_events (action) values ($1)", "update sessions set expires_at = $1", "delete from unsaved_forms where id = $1", "(select 1) union (select 2)"]) {
      expect(isExplainable(q), q).toBe(true);
    }
    for (const q of ["begin", "commit", "rollback", "set local statement_timeout = 1000", "selection"]) expect(isExplainable(q), q).toBe(false);
  });
});
