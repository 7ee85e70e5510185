// Pure: small-number suppression of a count table before it is published (decision 033).
//
// A table is rows (answers) × columns (stages) of counts, published with its row totals, its column totals
// and its grand total. The rule, in words:
//
// 1. Primary: every count under THRESHOLD (10), zeros included, is withheld — cells and row totals alike.
// 2. Column totals and the grand total are "locked": they are always published, and always at least
//    THRESHOLD, because the caller (funnel.ts) withholds a whole column, or the whole table, whose total is
//    under it. Locking them is what lets several tables that share them (one per question, the same
//    people) be published side by side: each table is then safe on its own.
// 3. Secondary: while some withheld count under THRESHOLD could be worked out exactly from what is
//    published (its row and column totals, and any combination of them), one more count is withheld: the
//    smallest published one in that count's row or column (a cell before a row total), else the smallest
//    published one anywhere.
//
// "Worked out exactly" is decided, not guessed. Write the table with its totals as a bordered table in which
// every row and column sums to zero (row totals and column totals negated). Two tables agreeing with
// everything published differ by integers on the withheld entries only, with zero sums on every line: a
// circulation on the bipartite graph of rows and columns whose edges are the withheld entries. Such a
// circulation splits into simple alternating cycles of ±1 that agree with it in sign, each of which keeps
// every count at zero or above when applied alone. So a withheld count can take a second value exactly when
// some alternating cycle through it can be applied without taking a count below zero: a path search in a
// small directed graph (determined() below). Tested against brute force in tests/unit/inclusion/.
export const THRESHOLD = 10;

export interface PublishedTable {
  /** rows × columns; null: withheld. */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: number[];
  total: number;
}

export interface SuppressOptions {
  /** False: the row totals are not published at all (a one-column table, where each would repeat its cell). */
  rowTotals?: boolean;
}

/** The bordered table: inner cells, row totals in column n, column totals in row m, the grand total at (m, n). */
interface Bordered {
  m: number;
  n: number;
  value: number[][];
  withheld: boolean[][];
}

function bordered(cells: number[][]): Bordered {
  const m = cells.length;
  const n = cells[0]?.length ?? 0;
  const value = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => {
    if (i < m && j < n) return cells[i]![j]!;
    if (i < m) return cells[i]!.reduce((a, b) => a + b, 0);
    if (j < n) return cells.reduce((a, row) => a + row[j]!, 0);
    return cells.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
  }));
  return { m, n, value, withheld: value.map((row) => row.map(() => false)) };
}

const isLocked = (b: Bordered, i: number) => i === b.m;
/** +1 for inner cells and the grand total, −1 for row and column totals (they are negated in the bordered form). */
const sign = (b: Bordered, i: number, j: number) => ((i === b.m) !== (j === b.n) ? -1 : 1);

/**
 * Whether the withheld entry (i, j) has only one value consistent with everything published. Nodes are rows
 * 0..m and columns 0..n; a withheld entry (a, b) other than (i, j) is an arc row a → column b when adding
 * 1 to it in the bordered form keeps its count at zero or above, and column b → row a when taking 1 away
 * does. (i, j) can go up when a path leads from its column back to its row, down from its row to its column.
 */
export function determined(b: Bordered, i: number, j: number): boolean {
  const canUp = (a: number, c: number) => sign(b, a, c) > 0 || b.value[a]![c]! >= 1;
  const canDown = (a: number, c: number) => sign(b, a, c) < 0 || b.value[a]![c]! >= 1;
  // Node ids: rows 0..m, columns m+1..m+n+1.
  const col = (c: number) => b.m + 1 + c;
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      const node = queue.shift()!;
      if (node === to) return true;
      const isRow = node <= b.m;
      for (let k = 0; k <= (isRow ? b.n : b.m); k++) {
        const [a, c] = isRow ? [node, k] : [k, node - b.m - 1];
        if ((a === i && c === j) || !b.withheld[a]![c]) continue;
        if (isRow ? !canUp(a, c) : !canDown(a, c)) continue;
        const next = isRow ? col(c) : a;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return false;
  };
  const up = canUp(i, j) && reaches(col(j), i);
  const down = canDown(i, j) && reaches(i, col(j));
  return !up && !down;
}

/** Suppresses one table (rows × columns of counts; column totals and the total must be at least THRESHOLD). */
export function suppress(cells: number[][], options: SuppressOptions = {}): PublishedTable {
  const b = bordered(cells);
  const { m, n } = b;
  const showRowTotals = options.rowTotals ?? true;
  const primary = (i: number, j: number) => !isLocked(b, i) && b.value[i]![j]! < THRESHOLD;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= n; j++) if (primary(i, j) || (j === n && !showRowTotals)) b.withheld[i]![j] = true;
  }
  for (;;) {
    const exposed = findExposed(b, primary);
    if (!exposed) break;
    const next = cheapest(b, exposed) ?? cheapest(b, null);
    if (!next) break; // cannot happen while the locked totals are at least THRESHOLD (decision 033)
    b.withheld[next[0]]![next[1]] = true;
  }
  const shown = (i: number, j: number) => (b.withheld[i]![j] ? null : b.value[i]![j]!);
  return {
    cells: Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => shown(i, j))),
    rowTotals: Array.from({ length: m }, (_, i) => (showRowTotals ? shown(i, n) : null)),
    columnTotals: Array.from({ length: n }, (_, j) => b.value[m]![j]!),
    total: b.value[m]![n]!,
  };
}

function findExposed(b: Bordered, primary: (i: number, j: number) => boolean): [number, number] | null {
  for (let i = 0; i < b.m; i++) {
    for (let j = 0; j <= b.n; j++) if (b.withheld[i]![j] && primary(i, j) && determined(b, i, j)) return [i, j];
  }
  return null;
}

/** The published, unlocked entry to withhold next: in the exposed entry's row or column if any (else anywhere), cells first, smallest first. */
function cheapest(b: Bordered, near: [number, number] | null): [number, number] | null {
  let best: [number, number] | null = null;
  let bestKey: [number, number] = [Infinity, Infinity];
  for (let i = 0; i < b.m; i++) {
    for (let j = 0; j <= b.n; j++) {
      if (b.withheld[i]![j] || isLocked(b, i)) continue;
      if (near && i !== near[0] && j !== near[1]) continue;
      const key: [number, number] = [j === b.n ? 1 : 0, b.value[i]![j]!];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
        best = [i, j];
        bestKey = key;
      }
    }
  }
  return best;
}

/** For tests and the decision note: the bordered form of a table, with a given set of withheld entries. */
export function borderedWith(cells: number[][], published: PublishedTable): Bordered {
  const b = bordered(cells);
  for (let i = 0; i < b.m; i++) {
    for (let j = 0; j < b.n; j++) b.withheld[i]![j] = published.cells[i]![j] === null;
    b.withheld[i]![b.n] = published.rowTotals[i] === null;
  }
  return b;
}
