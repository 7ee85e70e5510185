// The one challenge search (issue 14): the browse page, the public API and the open-data file all list
// challenges through searchChallenges, with the same filters (words, themes, area, status) read from the
// address by one schema, so a filter means the same everywhere. Drafts are never listed. What differs is
// said by the listing:
// - "browse" (the browse page and the home page): what a person can still follow, so cancelled challenges
//   are left out; the best match for the words first, then the soonest closing;
// - "record" (the API and /open-data/challenges.*): the public record, cancelled challenges included,
//   latest closing first.
// Columns are selected by name: a column added to a table is not published by accident.
import { sql, type Expression, type SqlBool } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import { PUBLIC_STATUS_FILTERS, type EffectiveChallengeStatus } from "../../lib/challenge-status";
import { db } from "../connections.server";
import { oneOf, searchText, slugParam, wholeNumber } from "../query-params.server";
import { effectiveStatusSql } from "./queries.server";

/** Challenge statuses a person can see (a draft is never published; a cancelled one stays on the record). */
export const PUBLIC_CHALLENGE_STATUSES: EffectiveChallengeStatus[] = [...PUBLIC_STATUS_FILTERS.map((s) => s.value), "cancelled"];

/** The filters of a challenge search as the address gives them: `?q=&theme=&theme=&area=&status=`. */
export const challengeSearchParams = z.object({
  q: searchText(200).optional(),
  theme: z.array(slugParam).max(20, { error: "may be given at most 20 times" }).default([]),
  area: slugParam.optional(),
  status: oneOf(PUBLIC_CHALLENGE_STATUSES).optional(),
});

export type ChallengeFilters = Partial<z.output<typeof challengeSearchParams>>;

export type ChallengeListing = "browse" | "record";

/** A challenge as listed in public: what the browse page, the API and the open-data file show. */
export type PublicChallenge = Awaited<ReturnType<typeof searchChallenges>>["challenges"][number];

/** Challenges in an area (by slug), as a condition on a query that has `challenges` in it. */
export function inArea(slug: string) {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM challenge_areas ca JOIN areas a ON a.id = ca.area_id
    WHERE ca.challenge_id = challenges.id AND a.slug = ${slug})`;
}

function matching(filters: ChallengeFilters, listing: ChallengeListing) {
  let query = db()
    .selectFrom("challenges")
    .innerJoin("themes", "themes.id", "challenges.theme_id")
    .innerJoin("organisations", "organisations.id", "challenges.org_id")
    .where("challenges.status", "not in", listing === "browse" ? ["draft", "cancelled"] : ["draft"]);
  const q = filters.q?.trim();
  if (q) query = query.where(sql<SqlBool>`challenges.search_vector @@ websearch_to_tsquery('english', ${q})`);
  if (filters.theme?.length) query = query.where("themes.slug", "in", filters.theme);
  if (filters.area) query = query.where(inArea(filters.area));
  if (filters.status) query = query.where(sql<SqlBool>`(${effectiveStatusSql}) = ${filters.status}`);
  return query;
}

/**
 * Public challenges matching the filters, a page of them (every one without `limit`), and how many match
 * in all.
 */
export async function searchChallenges(filters: ChallengeFilters, { listing, limit, offset = 0 }: { listing: ChallengeListing; limit?: number; offset?: number }) {
  const q = filters.q?.trim();
  const order: Expression<unknown> = listing === "record"
    ? sql`challenges.closes_at DESC`
    : q ? sql`ts_rank(challenges.search_vector, websearch_to_tsquery('english', ${q})) DESC, challenges.closes_at ASC` : sql`challenges.closes_at ASC`;
  let query = matching(filters, listing)
    .select([
      "challenges.id", "challenges.title", "challenges.summary", "themes.name as theme", effectiveStatusSql.as("status"),
      "challenges.funding_kind", "challenges.funding_gbp", "challenges.pilot_weeks", "challenges.opens_at", "challenges.closes_at",
      "organisations.name as owner_organisation", sql<boolean>`organisations.verified_at IS NOT NULL`.as("owner_verified"),
      sql<string>`count(*) OVER ()`.as("total"),
    ])
    .select((eb) =>
      jsonArrayFrom(
        eb.selectFrom("challenge_areas").innerJoin("areas", "areas.id", "challenge_areas.area_id")
          .select("areas.name").whereRef("challenge_areas.challenge_id", "=", "challenges.id").orderBy("areas.name"),
      ).as("areas"),
    )
    .orderBy(order as never)
    .orderBy("challenges.id");
  if (limit !== undefined) query = query.limit(limit).offset(offset);
  const rows = await query.execute();
  // Past the last page there is no row to carry the count, so it is asked for on its own.
  const total = rows.length ? Number(rows[0]!.total) : offset > 0 ? await countChallenges(filters, listing) : 0;
  return {
    total,
    challenges: rows.map((r) => ({
      id: r.id, title: r.title, summary: r.summary, theme: r.theme, areas: r.areas.map((a) => a.name), status: r.status,
      funding_kind: r.funding_kind, funding_gbp: r.funding_gbp, pilot_weeks: r.pilot_weeks,
      opens_at: r.opens_at.toISOString(), closes_at: r.closes_at.toISOString(),
      owner_organisation: r.owner_organisation, owner_verified: r.owner_verified,
    })),
  };
}

async function countChallenges(filters: ChallengeFilters, listing: ChallengeListing): Promise<number> {
  const row = await matching(filters, listing).select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Challenges on a page of the browse list. */
export const BROWSE_PAGE_SIZE = 10;

/**
 * The browse page's address: the search's filters, but the status as the page offers it, one that can still
 * be followed ("open" unless chosen) or any; and the page.
 */
export const browseParams = challengeSearchParams.extend({
  status: oneOf(["any", ...PUBLIC_STATUS_FILTERS.map((s) => s.value)]).default("open"),
  page: wholeNumber(1, 10_000).default(1),
});

/** The open challenges closing soonest, for the home page. */
export async function latestOpenChallenges(limit: number) {
  return (await searchChallenges({ status: "open" }, { listing: "browse", limit })).challenges;
}
