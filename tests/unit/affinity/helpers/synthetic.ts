// Seeded synthetic judges and proposals at realistic sizes, for the affinity performance test.
import type { JudgeProfile, ProposalProfile } from "../../../../app/rules/affinity/affinity";
import { seededRandom, type SeededRandom } from "../../../../app/lib/seeded-random";

const LETTERS = "abcdefghijklmnoprstuvw";

function makeWords(rng: SeededRandom, count: number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    let w = "";
    const length = 4 + rng.below(6);
    for (let i = 0; i < length; i++) w += LETTERS[rng.below(LETTERS.length)];
    words.add(w);
  }
  return [...words];
}

/** Zipf-like pick: low indices (common words) far more often than high ones. */
const zipf = (rng: SeededRandom, n: number) => Math.min(n - 1, Math.floor(n ** rng.next()) - 1);

function text(rng: SeededRandom, words: string[], length: number): string {
  return Array.from({ length }, () => words[zipf(rng, words.length)]).join(" ");
}

export function syntheticProfiles(seed: number, proposalCount: number, judgeCount: number) {
  const rng = seededRandom(seed);
  const words = makeWords(rng, 4000);
  const themes = Array.from({ length: 12 }, (_, i) => `Theme ${i}`);
  const tags = Array.from({ length: 80 }, (_, i) => `tag-${i}`);
  const pick = (items: string[], n: number) => Array.from({ length: n }, () => items[rng.below(items.length)]);
  const judges: JudgeProfile[] = Array.from({ length: judgeCount }, () => ({
    themes: pick(themes, 1 + rng.below(3)),
    tags: pick(tags, 2 + rng.below(6)),
    text: text(rng, words, 20 + rng.below(60)),
  }));
  const proposals: ProposalProfile[] = Array.from({ length: proposalCount }, () => ({
    theme: themes[rng.below(themes.length)],
    tags: pick(tags, 1 + rng.below(5)),
    text: text(rng, words, 100 + rng.below(300)),
  }));
  return { judges, proposals };
}
