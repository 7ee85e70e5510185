// The public API's parameters, read by parseQuery: a bad one answers 400 with `{ error }` (query-params.server.ts).
import { z } from "zod";
import { challengeSearchParams } from "../challenges/search.server";
import { oneOf, slugParam, wholeNumber } from "../query-params.server";
import { PILOT_STATUSES } from "./datasets.server";

/** ?page= and ?pageSize= (1–100, default 20). */
export const pagingParams = z.object({
  page: wholeNumber(1, 100_000).default(1),
  pageSize: wholeNumber(1, 100).default(20),
});

/** GET /api/challenges: the challenge search's filters, paginated. */
export const challengesApiParams = pagingParams.extend(challengeSearchParams.shape);

/** GET /api/pilots. */
export const pilotsApiParams = pagingParams.extend({
  theme: slugParam.optional(),
  area: slugParam.optional(),
  status: oneOf(PILOT_STATUSES).optional(),
});
