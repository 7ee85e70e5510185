// The programme dashboard is read from one precomputed row, so a visit never runs the aggregate queries.
// The worker refreshes it every minute and on request after a relevant change (see dashboards.server.ts).
import { sql } from "kysely";
import type { DB } from "../../../db/client";
import { computeProgrammeFigures, type ProgrammeFigures } from "./programme-figures.server";

export const PROGRAMME_ROLLUP_KEY = "programme";

export async function rollUpProgramme(db: DB): Promise<ProgrammeFigures> {
  const figures = await computeProgrammeFigures(db);
  const data = sql`cast(${JSON.stringify(figures)}::text as jsonb)`;
  // On refresh the row's time is the figures' own (a first insert takes the column default, now()).
  const computedAt = sql<Date>`cast(${figures.computedAt}::text as timestamptz)`;
  await db.insertInto("dashboard_rollups")
    .values({ key: PROGRAMME_ROLLUP_KEY, data })
    .onConflict((oc) => oc.column("key").doUpdateSet({ data, computed_at: computedAt }))
    .execute();
  return figures;
}
