// Command-line input for the score CLI: argument parsing and validation of the reviews file.
// Every failure is a UsageError whose message fits on one line.
import { z } from "zod";
import type { Review } from "./model";

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): { input: string } {
  let input: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--input") {
      input = argv[++i];
      if (input === undefined || input.startsWith("--")) throw new UsageError("--input needs a file path");
    } else if (arg.startsWith("--input=")) {
      input = arg.slice("--input=".length);
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)} (usage: score --input reviews.json)`);
    }
  }
  if (!input) throw new UsageError("missing --input (usage: score --input reviews.json)");
  return { input };
}

const reviewSchema = z.object({
  proposal: z.string().min(1),
  judge: z.string().min(1),
  // z.number() already rejects NaN and ±Infinity (JSON's 1e999 parses to Infinity).
  score: z.number().min(0).max(5),
});

const inputSchema = z
  .object({ reviews: z.array(reviewSchema) })
  .superRefine(({ reviews }, ctx) => {
    const seen = new Map<string, number>();
    reviews.forEach((r, i) => {
      const key = JSON.stringify([r.proposal, r.judge]);
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["reviews", i],
          message: `duplicate review of ${r.proposal} by ${r.judge} (also reviews[${first}])`,
        });
      } else {
        seen.set(key, i);
      }
    });
  });

const formatPath = (path: readonly PropertyKey[]) =>
  path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");

/** Parses and validates the file's text; throws UsageError naming the first problem. */
export function parseReviewsJson(text: string): Review[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`input is not valid JSON: ${(error as Error).message}`);
  }
  const result = inputSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
    throw new UsageError(`invalid input: ${where}${issue.message}`);
  }
  return result.data.reviews;
}
