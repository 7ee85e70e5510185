// The suppression rule (decision 033), against brute force: for every table fast-check makes, no count
// under the threshold that the rule withholds can be worked out from what it publishes, rows, columns,
// totals and all. The brute force tries every table within ±r of the true one on the withheld cells (r = 1
// suffices, by the cycle argument in suppression.ts; r = 2 on the smaller tables checks that too).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { borderedWith, determined, suppress, THRESHOLD, type PublishedTable } from "../../../app/rules/inclusion/suppression";
import { publishMonitoring, POPULATION_COLUMNS, type AnswerCount } from "../../../app/rules/inclusion/funnel";
import { MONITORING_QUESTIONS } from "../../../app/rules/inclusion/questions";

/** Counts as monitoring gives them: many small, some large. */
const count = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: THRESHOLD - 1 }), fc.integer({ min: THRESHOLD, max: 40 }));

/** A table whose column totals are at least the threshold (the caller withholds a column that is not). */
const tableOf = (rows: number, cols: number) =>
  fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })
    .filter((t) => Array.from({ length: cols }, (_, j) => t.reduce((a, r) => a + r[j]!, 0)).every((s) => s >= THRESHOLD));
const smallTable = fc.tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([m, n]) => tableOf(m, n));

type Entry = { i: number; j: number | "total" };

/**
 * Brute force: which withheld counts under the threshold take only one value among all tables of
 * non-negative counts within ±radius of the true one that agree with everything published.
 */
function derivable(cells: number[][], p: PublishedTable, radius: number, rowTotalsShown = true): Entry[] {
  const m = cells.length;
  const n = cells[0]!.length;
  const free: [number, number][] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (p.cells[i]![j] === null) free.push([i, j]);
  const rowSum = (t: number[][], i: number) => t[i]!.reduce((a, b) => a + b, 0);
  const candidates: Entry[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) if (p.cells[i]![j] === null && cells[i]![j]! < THRESHOLD) candidates.push({ i, j });
    if (rowTotalsShown && p.rowTotals[i] === null && rowSum(cells, i) < THRESHOLD) candidates.push({ i, j: "total" });
  }
  const varies = new Set<number>();
  const t = cells.map((r) => [...r]);
  const check = () => {
    for (let j = 0; j < n; j++) if (t.reduce((a, r) => a + r[j]!, 0) !== p.columnTotals[j]) return;
    for (let i = 0; i < m; i++) if (p.rowTotals[i] !== null && rowSum(t, i) !== p.rowTotals[i]) return;
    candidates.forEach((c, k) => {
      if ((c.j === "total" ? rowSum(t, c.i) !== rowSum(cells, c.i) : t[c.i]![c.j] !== cells[c.i]![c.j])) varies.add(k);
    });
  };
  const walk = (k: number) => {
    if (k === free.length) return check();
    const [i, j] = free[k]!;
    for (let d = -radius; d <= radius; d++) {
      const v = cells[i]![j]! + d;
      if (v < 0) continue;
      t[i]![j] = v;
      walk(k + 1);
    }
    t[i]![j] = cells[i]![j]!;
  };
  walk(0);
  return candidates.filter((_, k) => !varies.has(k));
}

const rowTotal = (r: number[]) => r.reduce((a, b) => a + b, 0);

describe("small-number suppression", () => {
  it("publishes true figures only, withholds every count under the threshold, and always publishes the column totals and total", () => {
    fc.assert(fc.property(fc.tuple(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 5 })).chain(([m, n]) => tableOf(m, n)), (cells) => {
      const p = suppress(cells);
      cells.forEach((row, i) => {
        row.forEach((v, j) => {
          if (v < THRESHOLD) expect(p.cells[i]![j]).toBeNull();
          else expect([v, null]).toContain(p.cells[i]![j]);
        });
        if (rowTotal(row) < THRESHOLD) expect(p.rowTotals[i]).toBeNull();
        else expect([rowTotal(row), null]).toContain(p.rowTotals[i]);
      });
      expect(p.columnTotals).toEqual(cells[0]!.map((_, j) => cells.reduce((a, r) => a + r[j]!, 0)));
      expect(p.total).toBe(cells.flat().reduce((a, b) => a + b, 0));
    }), { numRuns: 300 });
  });

  it("lets no withheld count under the threshold be worked out from the published cells and totals (brute force, ±1)", () => {
    fc.assert(fc.property(smallTable, (cells) => {
      expect(derivable(cells, suppress(cells), 1)).toEqual([]);
    }), { numRuns: 150 });
  });

  it("nor within ±2, on the smaller tables", () => {
    fc.assert(fc.property(fc.tuple(fc.constant(2), fc.integer({ min: 1, max: 3 })).chain(([m, n]) => tableOf(m, n)), (cells) => {
      expect(derivable(cells, suppress(cells), 2)).toEqual([]);
    }), { numRuns: 100 });
  });

  it("without row totals (one column), no withheld cell can be worked out from the total", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }).chain((m) => tableOf(m, 1)), (cells) => {
      const p = suppress(cells, { rowTotals: false });
      expect(p.rowTotals.every((r) => r === null)).toBe(true);
      expect(derivable(cells, p, 1, false)).toEqual([]);
    }), { numRuns: 150 });
  });

  it("decides 'can be worked out' as the brute force does, for any pattern of withheld counts", () => {
    const withPattern = smallTable.chain((cells) => fc.tuple(
      fc.constant(cells),
      fc.array(fc.array(fc.boolean(), { minLength: cells[0]!.length + 1, maxLength: cells[0]!.length + 1 }), { minLength: cells.length, maxLength: cells.length }),
    ));
    fc.assert(fc.property(withPattern, ([cells, hide]) => {
      const p: PublishedTable = {
        cells: cells.map((r, i) => r.map((v, j) => (hide[i]![j] ? null : v))),
        rowTotals: cells.map((r, i) => (hide[i]![r.length] ? null : rowTotal(r))),
        columnTotals: cells[0]!.map((_, j) => cells.reduce((a, r) => a + r[j]!, 0)),
        total: cells.flat().reduce((a, b) => a + b, 0),
      };
      const b = borderedWith(cells, p);
      const byGraph: Entry[] = [];
      cells.forEach((r, i) => {
        r.forEach((v, j) => { if (hide[i]![j] && v < THRESHOLD && determined(b, i, j)) byGraph.push({ i, j }); });
        if (hide[i]![r.length] && rowTotal(r) < THRESHOLD && determined(b, i, r.length)) byGraph.push({ i, j: "total" });
      });
      expect(byGraph).toEqual(derivable(cells, p, 1));
    }), { numRuns: 300 });
  });

  it("withholds a second count when one small cell would be the difference between a total and the rest", () => {
    // Row 0: 12 + 3 = 15. Withholding the 3 alone, 15 − 12 gives it back; so another count in its row or column goes too.
    const p = suppress([[12, 3], [20, 15], [11, 30]]);
    expect(p.cells[0]![1]).toBeNull();
    const hiddenNear = [p.cells[0]![0], p.rowTotals[0], p.cells[1]![1], p.cells[2]![1]].filter((v) => v === null);
    expect(hiddenNear.length).toBeGreaterThanOrEqual(1);
    expect(derivable([[12, 3], [20, 15], [11, 30]], p, 2)).toEqual([]);
  });
});

describe("the published monitoring tables", () => {
  const skewed = (max: number) => fc.oneof({ arbitrary: fc.nat(1), weight: 3 }, { arbitrary: fc.nat(max), weight: 1 });
  const answerCounts = fc.array(fc.record({
    population: fc.constantFrom("startups" as const, "judges" as const),
    // Skewed, as real answers are: most people in a few answers, so that some counts are published.
    gender: skewed(4), ethnicity: skewed(5), disability: skewed(2), age_band: skewed(6), borough: skewed(35), stage: skewed(3),
  }), { maxLength: 300 }).map((people) => {
    const out: AnswerCount[] = [];
    for (const p of people) {
      const stage = POPULATION_COLUMNS[p.population][p.population === "judges" ? 0 : p.stage]!;
      for (const q of MONITORING_QUESTIONS) out.push({ population: p.population, stage, question: q.key, answer: q.options[p[q.key] % q.options.length]!.value, n: 1 });
    }
    return out;
  });

  it("publish no number under the threshold, withhold exactly the stages under it, and let no withheld count be worked out", () => {
    fc.assert(fc.property(answerCounts, (counts) => {
      const published = publishMonitoring(counts);
      for (const population of ["startups", "judges"] as const) {
        const t = published[population];
        const people = counts.filter((c) => c.population === population && c.question === "gender");
        const byStage = (s: string) => people.filter((c) => c.stage === s).length;
        if (t.withheld) {
          expect(POPULATION_COLUMNS[population].filter((s) => byStage(s) >= THRESHOLD).reduce((a, s) => a + byStage(s), 0)).toBeLessThan(THRESHOLD);
          continue;
        }
        expect(t.columns).toEqual(POPULATION_COLUMNS[population].filter((s) => byStage(s) >= THRESHOLD));
        expect(t.columnTotals).toEqual(t.columns.map(byStage));
        for (const q of t.questions) {
          const question = MONITORING_QUESTIONS.find((x) => x.key === q.key)!;
          const cells = question.options.map((opt) => t.columns.map((s) => counts.filter((c) => c.population === population && c.stage === s && c.question === q.key && c.answer === opt.value).length));
          for (const v of [...q.rows.flatMap((r) => [...r.cells, r.total]), ...t.columnTotals, t.total]) if (v !== null) expect(v).toBeGreaterThanOrEqual(THRESHOLD);
          q.rows.forEach((r, i) => r.cells.forEach((v, j) => { if (v !== null) expect(v).toBe(cells[i]![j]); }));
          const p: PublishedTable = { cells: q.rows.map((r) => r.cells), rowTotals: q.rows.map((r) => (t.columns.length > 1 ? r.total : null)), columnTotals: t.columnTotals, total: t.total };
          const b = borderedWith(cells, p);
          cells.forEach((row, i) => row.forEach((v, j) => { if (p.cells[i]![j] === null && v < THRESHOLD) expect(determined(b, i, j)).toBe(false); }));
          cells.forEach((row, i) => { if (p.rowTotals[i] === null && rowTotal(row) < THRESHOLD) expect(determined(b, i, row.length)).toBe(false); });
        }
      }
    }), { numRuns: 60 });
  });

  it("withhold a second count where one stage's small count would be its row's total less the rest", () => {
    // 12 women applied and went no further, 3 were shortlisted: 15 in all. Published with the 12 and the 15, the 3 would show.
    const people = (n: number, stage: string, gender: string): AnswerCount[] => Array.from({ length: n }, () => MONITORING_QUESTIONS.map((q) => ({
      population: "startups" as const, stage, question: q.key, answer: q.key === "gender" ? gender : q.options[0]!.value, n: 1,
    }))).flat();
    const t = publishMonitoring([...people(12, "applied", "woman"), ...people(3, "shortlisted", "woman"), ...people(20, "applied", "man"), ...people(15, "shortlisted", "man")]).startups;
    if (t.withheld) throw new Error("expected a table");
    const gender = t.questions.find((q) => q.key === "gender")!;
    const woman = gender.rows.find((r) => r.answer === "woman")!;
    expect(woman.cells[1]).toBeNull();
    expect([woman.cells[0], woman.total].includes(null)).toBe(true);
  });
});
