// Input validation. Every failure is a MatchInputError whose message is one line naming the
// offending element (0-based array index and, where known, its id), so the CLI can print it as is.
import type { CompactMatchProblem, Edge, LeftNode, MatchProblem, RightNode } from "./types";

export class MatchInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MatchInputError";
  }
}

function fail(message: string): never {
  throw new MatchInputError(message);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function field(obj: Record<string, unknown>, name: string, where: string): unknown {
  if (!(name in obj)) fail(`${where}: missing "${name}"`);
  return obj[name];
}

function idField(obj: Record<string, unknown>, where: string): string {
  const id = field(obj, "id", where);
  if (typeof id !== "string" || id.length === 0) fail(`${where}: "id" must be a non-empty string, got ${describe(id)}`);
  return id as string;
}

function countField(obj: Record<string, unknown>, name: string, where: string): number {
  const v = field(obj, name, where);
  if (typeof v !== "number") return fail(`${where}: "${name}" must be a number, got ${describe(v)}`);
  if (!Number.isInteger(v)) return fail(`${where}: "${name}" must be an integer, got ${v}`);
  if (v < 0) return fail(`${where}: "${name}" must be >= 0, got ${v}`);
  return v;
}

function arrayField(obj: Record<string, unknown>, name: string): unknown[] {
  const v = field(obj, name, "input");
  if (!Array.isArray(v)) fail(`input: "${name}" must be an array, got ${describe(v)}`);
  return v as unknown[];
}

/**
 * Checks parsed JSON against the problem contract and returns a clean copy (extra fields dropped).
 * Throws MatchInputError on the first problem found.
 */
export function parseMatchProblem(json: unknown): MatchProblem {
  if (!isRecord(json)) fail(`input: expected an object with "left", "right" and "edges", got ${describe(json)}`);
  const root = json as Record<string, unknown>;
  const rawLeft = arrayField(root, "left");
  const rawRight = arrayField(root, "right");
  const rawEdges = arrayField(root, "edges");

  const leftIndex = new Map<string, number>();
  const left: LeftNode[] = rawLeft.map((item, i) => {
    if (!isRecord(item)) return fail(`left ${i}: expected an object, got ${describe(item)}`);
    const id = idField(item, `left ${i}`);
    const where = `left ${i} ("${id}")`;
    if (leftIndex.has(id)) fail(`${where}: duplicate left id (first at left ${leftIndex.get(id)})`);
    leftIndex.set(id, i);
    return { id, demand: countField(item, "demand", where) };
  });

  const rightIndex = new Map<string, number>();
  const right: RightNode[] = rawRight.map((item, i) => {
    if (!isRecord(item)) return fail(`right ${i}: expected an object, got ${describe(item)}`);
    const id = idField(item, `right ${i}`);
    const where = `right ${i} ("${id}")`;
    if (rightIndex.has(id)) fail(`${where}: duplicate right id (first at right ${rightIndex.get(id)})`);
    rightIndex.set(id, i);
    return { id, capacity: countField(item, "capacity", where) };
  });

  const edgeLeft = new Int32Array(rawEdges.length);
  const edgeRight = new Int32Array(rawEdges.length);
  const edges: Edge[] = rawEdges.map((item, k) => {
    const where = `edge ${k}`;
    if (!isRecord(item)) return fail(`${where}: expected an object, got ${describe(item)}`);
    const l = field(item, "left", where);
    if (typeof l !== "string") fail(`${where}: "left" must be a string id, got ${describe(l)}`);
    const r = field(item, "right", where);
    if (typeof r !== "string") fail(`${where}: "right" must be a string id, got ${describe(r)}`);
    const li = leftIndex.get(l as string);
    if (li === undefined) return fail(`${where}: unknown left id ${JSON.stringify(l)}`);
    const ri = rightIndex.get(r as string);
    if (ri === undefined) return fail(`${where}: unknown right id ${JSON.stringify(r)}`);
    const w = field(item, "weight", where);
    if (typeof w !== "number") return fail(`${where}: "weight" must be a number, got ${describe(w)}`);
    if (!Number.isFinite(w)) return fail(`${where}: "weight" must be finite, got ${w}`);
    edgeLeft[k] = li;
    edgeRight[k] = ri;
    return { left: l as string, right: r as string, weight: w };
  });

  const dup = findDuplicateEdge(left.length, right.length, edgeLeft, edgeRight);
  if (dup) {
    const e = edges[dup[1]];
    fail(`edge ${dup[1]}: duplicate pair ${JSON.stringify(e.left)} -> ${JSON.stringify(e.right)} (first at edge ${dup[0]})`);
  }
  return { left, right, edges };
}

/**
 * Returns [first, repeat] edge indices of some pair listed twice, or null. O(edges + nodes):
 * buckets edges by left node, then stamps each right node with the last edge that reached it.
 * Reports the repeat with the smallest index, so messages point at the earliest offender.
 */
export function findDuplicateEdge(
  leftCount: number,
  rightCount: number,
  edgeLeft: Int32Array,
  edgeRight: Int32Array,
): [number, number] | null {
  const m = edgeLeft.length;
  const start = new Int32Array(leftCount + 1);
  for (let k = 0; k < m; k++) start[edgeLeft[k] + 1]++;
  for (let i = 0; i < leftCount; i++) start[i + 1] += start[i];
  const fill = start.slice(0, leftCount);
  const byLeft = new Int32Array(m);
  for (let k = 0; k < m; k++) byLeft[fill[edgeLeft[k]]++] = k; // ascending k within each bucket
  const seenAt = new Int32Array(rightCount).fill(-1); // edge index that last stamped the right node
  const seenFor = new Int32Array(rightCount).fill(-1); // left node of that stamp
  let best: [number, number] | null = null;
  for (let i = 0; i < leftCount; i++) {
    for (let p = start[i]; p < start[i + 1]; p++) {
      const k = byLeft[p];
      const r = edgeRight[k];
      if (seenFor[r] === i) {
        if (best === null || k < best[1]) best = [seenAt[r], k];
      } else {
        seenFor[r] = i;
        seenAt[r] = k;
      }
    }
  }
  return best;
}

/** Validates the compact form (for in-process callers that bypass JSON). */
export function validateCompactProblem(p: CompactMatchProblem): void {
  const { leftCount, rightCount, demand, capacity, edgeLeft, edgeRight, edgeWeight } = p;
  if (!Number.isInteger(leftCount) || leftCount < 0) fail(`leftCount must be a non-negative integer, got ${leftCount}`);
  if (!Number.isInteger(rightCount) || rightCount < 0) fail(`rightCount must be a non-negative integer, got ${rightCount}`);
  if (demand.length !== leftCount) fail(`demand has ${demand.length} entries, expected ${leftCount}`);
  if (capacity.length !== rightCount) fail(`capacity has ${capacity.length} entries, expected ${rightCount}`);
  for (let i = 0; i < leftCount; i++) {
    const d = demand[i];
    if (!Number.isInteger(d) || d < 0) fail(`left ${i}: "demand" must be a non-negative integer, got ${d}`);
  }
  for (let j = 0; j < rightCount; j++) {
    const c = capacity[j];
    if (!Number.isInteger(c) || c < 0) fail(`right ${j}: "capacity" must be a non-negative integer, got ${c}`);
  }
  const m = edgeLeft.length;
  if (edgeRight.length !== m || edgeWeight.length !== m) fail("edgeLeft, edgeRight and edgeWeight must have equal lengths");
  for (let k = 0; k < m; k++) {
    const l = edgeLeft[k];
    const r = edgeRight[k];
    if (l < 0 || l >= leftCount) fail(`edge ${k}: left index ${l} out of range`);
    if (r < 0 || r >= rightCount) fail(`edge ${k}: right index ${r} out of range`);
    if (!Number.isFinite(edgeWeight[k])) fail(`edge ${k}: "weight" must be finite, got ${edgeWeight[k]}`);
  }
  const dup = findDuplicateEdge(leftCount, rightCount, edgeLeft, edgeRight);
  if (dup) fail(`edge ${dup[1]}: duplicate pair ${edgeLeft[dup[1]]} -> ${edgeRight[dup[1]]} (first at edge ${dup[0]})`);
}
