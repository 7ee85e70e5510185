// Counted nouns in English: "1 new assignment", "8 new assignments", "1,204 challenges". One rule and
// one number formatter for every page, made once (a formatter per call shows in every page's profile).
const NUMBER = new Intl.NumberFormat("en-GB");
const DECIMAL = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/** A measured value as people read it: grouped, at most two decimal places ("1,234.57"). */
export function formatDecimal(n: number): string {
  return DECIMAL.format(n);
}

/** `n` and its noun, singular for exactly one; the plural is the noun with an "s" unless given. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${NUMBER.format(n)} ${n === 1 ? singular : plural}`;
}
