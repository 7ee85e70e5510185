// WEB_CONCURRENCY: how many web processes `npm start` runs on PORT (scripts/web-cluster.ts, decision 020).
// Its own module, importing only zod, so that `npm start` and the web cluster's primary, which need
// nothing else of the configuration, check it without loading the rest (env.server.ts uses it too).
import { availableParallelism } from "node:os";
import { z } from "zod";

/** At most this many web processes per core: a mistyped WEB_CONCURRENCY must not fork hundreds of them. */
export const WEB_PROCESSES_PER_CORE_MAX = 4;

/** A whole number written out, from 1 to 4 per core; one per core when unset. */
export function webConcurrencyField(cores: number) {
  const max = WEB_PROCESSES_PER_CORE_MAX * cores;
  const problem = `must be a whole number of web processes from 1 to ${max} (${WEB_PROCESSES_PER_CORE_MAX} per core, ${cores} cores here); unset, it is ${cores}, one per core`;
  return z.string().regex(/^[1-9][0-9]{0,5}$/, problem).transform(Number).refine((n) => n <= max, problem).default(cores);
}

/** The number of web processes, or an error saying what is wrong with the value given. */
export function webConcurrency(value = process.env.WEB_CONCURRENCY, cores = availableParallelism()): number {
  const parsed = webConcurrencyField(cores).safeParse(value);
  if (!parsed.success) throw new Error(`Invalid environment: WEB_CONCURRENCY: ${parsed.error.issues[0]!.message} (it is "${value}")`);
  return parsed.data;
}
