// Shared between server and components: the shape of a failed form and how fields get their ids.
export interface FormErrors {
  /** For the error summary: one entry per failing field, linking to it. */
  summary: { text: string; href: string }[];
  /** Message by field name (`criteria[0].weight`), shown next to the field. */
  fields: Record<string, string>;
  /** What the user typed, so nothing is lost on a re-render. */
  values: Record<string, unknown>;
}

/** Field ids derived from names, so the summary links and the inputs always agree. */
export function fieldId(name: string): string {
  return name.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-+$/, "");
}
