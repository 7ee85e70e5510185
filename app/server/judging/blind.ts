// Blind review: what identifies an applicant is removed before a proposal reaches a judge (or a sponsor of a
// blind shortlist). Structured fields that name the applicant (organisation, team) are dropped; every free
// text goes through `blinder`, which hides
// - every email address and every web address (any URL, and any token shaped like a domain), whoever's;
// - the organisation's name and its members' names: whole, and each significant word of them on its own
//   (case-insensitive, also when the words are joined: "AirSense Labs" hides "airsense", "AirSenseLabs",
//   "airsense-labs"; "Wei Chen" hides "wei.chen", "weichen", "Chen's");
// and `redact` below is the matching underneath: literal terms, longest first.
export const REDACTED = "[applicant]";
export const EMAIL_REDACTED = "[email address]";
export const WEB_REDACTED = "[web address]";

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
const isUpper = (c: string | undefined) => c !== undefined && /\p{Lu}/u.test(c);
const isLower = (c: string | undefined) => c !== undefined && /\p{Ll}/u.test(c);

/**
 * Whether text[start, end) stands as a word: not inside a longer word, so a member called "Ann" does not turn
 * "annual" into "[applicant]ual"; digits and punctuation may touch it ("#acmelabs2025", "AcmeLabs's"), and so
 * may a capital starting the next word of a joined name ("myAcmeLabsApp").
 */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  const left = !isLetter(before) || (isLower(before) && isUpper(text[start]));
  const right = !isLetter(after) || (isUpper(after) && isLower(text[end - 1]));
  return left && right;
}

interface Terms { any: RegExp; each: RegExp[] }

/** Terms of 3 characters or more, longest first, as regular expressions made once for many texts. */
function compileTerms(identifiers: readonly string[]): Terms | null {
  const terms = [...new Set(identifiers.map((t) => t.trim()).filter((t) => t.length >= 3))].sort((a, b) => b.length - a.length);
  if (terms.length === 0) return null;
  return { any: new RegExp(terms.map(escapeRegExp).join("|"), "giu"), each: terms.map((t) => new RegExp(escapeRegExp(t), "iuy")) };
}

function replaceTerms(text: string, terms: Terms | null, marker: string): string {
  if (!terms || text === "") return text;
  // One pass finds the leftmost place any term starts; there, the longest term that stands alone wins.
  const { any, each } = terms;
  let out = "";
  let copied = 0;
  let from = 0;
  while (from < text.length) {
    any.lastIndex = from;
    const found = any.exec(text);
    if (!found) break;
    const at = found.index;
    let length = 0;
    for (const re of each) {
      re.lastIndex = at;
      const m = re.exec(text);
      if (m && m[0].length > 0 && standsAlone(text, at, at + m[0].length)) {
        length = m[0].length;
        break;
      }
    }
    if (length === 0) {
      from = at + 1;
      continue;
    }
    out += text.slice(copied, at) + marker;
    copied = from = at + length;
  }
  return out + text.slice(copied);
}

/** Replaces every identifier of 3 characters or more (case-insensitive, longest first) with a neutral marker. */
export function redact(text: string, identifiers: readonly string[]): string {
  return replaceTerms(text, compileTerms(identifiers), REDACTED);
}

/** Identifying strings for an organisation: its name, website host and members' names and emails. */
export function identifiersOf(org: { name: string; website: string | null }, members: { name: string; email: string }[]): string[] {
  const ids = [org.name, ...members.flatMap((m) => [m.name, m.email, m.email.split("@")[0]!])];
  if (org.website) {
    ids.push(org.website);
    try {
      const url = new URL(org.website);
      ids.push(url.hostname.replace(/^www\./, ""), decodeURIComponent(org.website.replace(/^https?:\/\/(www\.)?/i, "").split(/[/:?#]/)[0]!));
    } catch {
      // not a URL: the text itself is already in the list
    }
  }
  return [...new Set(ids)];
}

// Words of a name that identify nobody: legal forms and joining words, and (for organisations) words many
// companies share, which count only when a name has nothing else ("Data Systems Ltd").
const STOP_WORDS = new Set(["the", "and", "of", "for", "an", "ltd", "limited", "plc", "llp", "llc", "inc", "incorporated", "corp", "corporation", "co", "company", "cic", "uk"]);
const SHARED_WORDS = new Set([
  "labs", "lab", "analytics", "tech", "technology", "technologies", "solutions", "services", "systems", "digital", "data", "mobility",
  "energy", "health", "healthcare", "cloud", "consulting", "consultancy", "ventures", "partners", "partnership", "group", "studio",
  "studios", "innovation", "innovations", "software", "network", "networks", "global", "international", "holdings", "insurance",
  "foundation", "trust", "collective", "works", "industries", "enterprises", "city", "london", "community",
]);
const PERSON_PARTICLES = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "van", "von", "de", "der",
  "den", "del", "della", "di", "da", "du", "la", "le", "al", "el", "bin", "ibn", "jr", "sr"]);

const JOINERS = ["", "-", "_", ".", " "];

function wordsOf(name: string): string[] {
  return name.normalize("NFC").split(/[^\p{L}\p{N}'’]+/u).map((w) => w.replace(/^['’]+|['’]+$/g, "")).filter(Boolean).slice(0, 8);
}

/** A word as people write it: with the apostrophe straight, curly or left out, and without accents. */
function spellings(word: string): string[] {
  const forms = [word, word.replace(/’/g, "'"), word.replace(/'/g, "’"), word.replace(/['’]/g, "")];
  return forms.flatMap((f) => [f, f.normalize("NFD").replace(/\p{M}/gu, "")]);
}

/** Runs of consecutive words joined as they are in handles, tags and addresses ("airsense-labs", "AirSenseLabs"). */
function joinedRuns(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 2; j <= words.length; j++) for (const joiner of JOINERS) out.push(words.slice(i, j).join(joiner));
  }
  return out;
}

/** The identifying words of an organisation's name. */
export function organisationNameParts(name: string): string[] {
  const words = wordsOf(name).filter((w) => w.length >= 3 && !STOP_WORDS.has(w.toLowerCase()));
  const distinctive = words.filter((w) => !SHARED_WORDS.has(w.toLowerCase()));
  return distinctive.length ? distinctive : words;
}

/** The identifying words of a person's name (titles and particles such as "van" or "de" left out). */
export function personNameParts(name: string): string[] {
  return wordsOf(name).filter((w) => w.length >= 3 && !PERSON_PARTICLES.has(w.toLowerCase()));
}

/**
 * Every term that identifies the applicant, for `redact`: the whole strings of identifiersOf, each significant
 * word of the organisation's and members' names, and those words joined as handles, tags and addresses join them
 * (a person's in either order, and initial + surname). Words of two letters ("Li", but also "He", "An") are hidden
 * only inside such a joined form, never on their own.
 */
export function identifyingTerms(org: { name: string; website: string | null }, members: { name: string; email: string }[]): string[] {
  const terms = new Set(identifiersOf(org, members));
  const add = (t: string) => spellings(t).forEach((s) => terms.add(s));
  const orgWords = wordsOf(org.name);
  organisationNameParts(org.name).forEach(add);
  joinedRuns(orgWords).forEach(add);
  joinedRuns(orgWords.filter((w) => !STOP_WORDS.has(w.toLowerCase()))).forEach(add);
  for (const m of members) {
    personNameParts(m.name).forEach(add);
    const words = wordsOf(m.name).filter((w) => w.length >= 2 && !PERSON_PARTICLES.has(w.toLowerCase()));
    joinedRuns(words).forEach(add);
    for (const a of words) for (const b of words) if (a !== b) for (const joiner of JOINERS) add(`${a}${joiner}${b}`);
    if (words.length >= 2) add(`${words[0]![0]}${words[words.length - 1]}`);
  }
  return [...terms];
}

// Placeholders while a text is being blinded: not letters, so the boundaries of names next to them hold, and
// not anything a name can spell, so a marker is never matched again.
const P_NAME = "\uE000";
const P_EMAIL = "\uE001";
const P_WEB = "\uE002";

const EMAIL = /[\p{L}\p{N}._%+'’-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const URL_LIKE = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)[^\s<>"'()[\]{}]+/giu;
// A domain: labels joined by dots, ending in a label of letters in one case (so "end.Next" and "e.g." are not
// domains), not a file's extension, optionally followed by a port or a path. A label may be a name already
// hidden ("airsense.example" is by then "<name>.example").
const DOMAIN = /(?<![\p{L}\p{N}@._\uE000-])(?:[\p{L}\p{N}\uE000](?:[\p{L}\p{N}\uE000-]*[\p{L}\p{N}\uE000])?\.)+(\p{Ll}{2,}|\p{Lu}{2,})(?![\p{L}\p{N}-])(?:[:/][^\s<>"'()[\]{}]*)?/gu;
const FILE_EXTENSIONS = new Set(["pdf", "doc", "docx", "xls", "xlsx", "csv", "ppt", "pptx", "odt", "ods", "odp", "txt", "rtf", "png", "jpg",
  "jpeg", "gif", "webp", "svg", "zip", "json", "xml", "html", "htm", "js", "ts"]);
const TRAILING = /[.,;:!?'’"]+$/;

/** Keeps punctuation that ends a sentence outside the replaced address. */
function replaceAddress(match: string, placeholder: string): string {
  const tail = TRAILING.exec(match)?.[0] ?? "";
  return placeholder + tail;
}

/**
 * Hides every email address and URL, then every term, then whatever is still shaped like a domain (so
 * "wei.chen" is a person's name hidden, "airsense.example" a web address); markers for one name written in
 * pieces ("wei.chen") become one.
 */
function blindText(text: string, terms: Terms | null): string {
  let out = text.normalize("NFC")
    .replace(EMAIL, (m) => replaceAddress(m, P_EMAIL))
    .replace(URL_LIKE, (m) => replaceAddress(m, P_WEB));
  out = replaceTerms(out, terms, P_NAME)
    .replace(DOMAIN, (m, tld: string) => (FILE_EXTENSIONS.has(tld.toLowerCase()) && !/[:/]/.test(m) ? m : replaceAddress(m, P_WEB)));
  out = out.replace(new RegExp(`${P_NAME}(?:[ .\\-_]?${P_NAME})+`, "gu"), P_NAME);
  return out.replaceAll(P_NAME, REDACTED).replaceAll(P_EMAIL, EMAIL_REDACTED).replaceAll(P_WEB, WEB_REDACTED);
}

/** The function every text of one applicant goes through before a judge (or a blind shortlist's sponsor) reads it. */
export function blinder(org: { name: string; website: string | null }, members: { name: string; email: string }[]): (text: string) => string {
  const terms = compileTerms(identifyingTerms(org, members).map((t) => t.normalize("NFC")));
  return (text) => blindText(text, terms);
}
