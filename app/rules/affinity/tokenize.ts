// A small English tokenizer for matching judges' expertise to proposals: lowercase, strip accents,
// split on anything that is not a letter or digit, drop stop words, and strip common suffixes so
// that "communities", "community" and "communal" meet. The stemmer only needs to be consistent
// (the same word always maps to the same stem), not linguistically exact.

// Common function words plus words every proposal uses ("project", "proposal") that say nothing
// about its subject. Stop words are checked before stemming.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below " +
    "between both but by can could did do does doing down during each either etc few for from further had has " +
    "have having he her here hers herself him himself his how however i if in into is it its itself just may me " +
    "might more most must my myself no nor not now of off on once only or other our ours ourselves out over own " +
    "per same shall she should so some such than that the their theirs them themselves then there these they " +
    "this those through thus to too under until up upon us very via was we were what when where which while who " +
    "whom whose why will with within without would yet you your yours yourself yourselves " +
    "project projects proposal proposals propose proposed use using used will"
  ).split(" "),
);

// Longest suffixes first; each keeps at least MIN_STEM letters.
const SUFFIXES = [
  "ational", "ization", "isation", "fulness", "ousness", "iveness",
  "ations", "ation", "ators", "ator", "ments", "ment", "ness", "ities", "ity", "ings", "ing",
  "ally", "ical", "edly", "ly", "ers", "er", "ed", "ive", "ous", "al", "ic",
];
const MIN_STEM = 3;

/** Light suffix-stripping stemmer (a much-reduced Porter). */
export function stem(word: string): string {
  let w = word;
  // Plurals: "policies" → "policy", "classes" → "class", "cars" → "car"; keep "bus", "analysis".
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // Two passes so stacked suffixes meet their base: "electricity" → "electric" → "electr".
  for (let pass = 0; pass < 2; pass++) {
    const suffix = SUFFIXES.find((s) => w.endsWith(s) && w.length - s.length >= MIN_STEM);
    if (suffix) w = w.slice(0, -suffix.length);
  }
  // "housing" → "hous" and "house" → "hous"; "planning" → "plann" → "plan".
  if (w.length > MIN_STEM && w.endsWith("e")) w = w.slice(0, -1);
  if (w.length > MIN_STEM && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  // "energy"/"energies" both reach "energy"; fold the final y so "policy" meets "polici-".
  if (w.length > MIN_STEM && w.endsWith("y")) w = `${w.slice(0, -1)}i`;
  return w;
}

// Corpora repeat the same few thousand words, so stems are memoised (bounded, never stale:
// `stem` is a pure function of its argument).
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

function cachedStem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    s = stem(word);
    stemCache.set(word, s);
  }
  return s;
}

/** Lowercased, accent-free stems of the content words of `text`, in order (repeats kept). */
export function tokenize(text: string): string[] {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  const tokens: string[] = [];
  for (const word of words) {
    // Single characters and bare numbers ("2024", "3") carry no topic.
    if (word.length < 2 || /^[0-9]+$/.test(word) || STOP_WORDS.has(word)) continue;
    tokens.push(cachedStem(word));
  }
  return tokens;
}
