// Affinity matrix speed: the inverted-index `affinityMatrix` against the pairwise baseline (`affinity` per
// pair, each text vectorised once up front) on the same synthetic panel, in one run.
//   npx tsx bench/affinity/run.ts [proposals] [judges]
import { affinityMatrix, preparedAffinity, prepareJudge, prepareProposal } from "../../app/rules/affinity/affinity";
import { buildTfIdfModel } from "../../app/rules/affinity/tfidf";
import { syntheticProfiles } from "../../tests/unit/affinity/helpers/synthetic";

const P = Number(process.argv[2] ?? 5000);
const J = Number(process.argv[3] ?? 1000);
const data = syntheticProfiles(1, P, J);

let t = performance.now();
const model = buildTfIdfModel([...data.proposals.map((p) => p.text), ...data.judges.map((j) => j.text)]);
const modelMs = performance.now() - t;

t = performance.now();
const fast = affinityMatrix(data.judges, data.proposals, model);
const fastMs = performance.now() - t;

t = performance.now();
const judges = data.judges.map((j) => prepareJudge(j, model));
const proposals = data.proposals.map((p) => prepareProposal(p, model));
const slow = new Float64Array(P * J);
for (let p = 0; p < P; p++) for (let j = 0; j < J; j++) slow[p * J + j] = preparedAffinity(judges[j]!, proposals[p]!);
const slowMs = performance.now() - t;

let maxDiff = 0;
for (let k = 0; k < fast.length; k++) maxDiff = Math.max(maxDiff, Math.abs(fast[k]! - slow[k]!));
console.log(`| pairs | model | affinityMatrix | pairwise baseline | speed-up | max difference |`);
console.log(`|---|---|---|---|---|---|`);
console.log(`| ${P.toLocaleString("en-GB")} × ${J.toLocaleString("en-GB")} | ${modelMs.toFixed(0)} ms | ${fastMs.toFixed(0)} ms | ${slowMs.toFixed(0)} ms | ${(slowMs / fastMs).toFixed(1)}× | ${maxDiff.toExponential(1)} |`);
