// Indexes for queries of the pages signed-in users and visitors open most, found by bench/web/explain.ts at
// city scale (bench/web/README.md, "Queries"): each one turns a read of a whole table into a read of the
// rows the page shows. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // A team by any of its three organisations: every overview (a start-up's pilots, proposals paired and
  // plans to answer; a public body's and a corporate's pilots) and listTeamPilots filter teams this way.
  await db.schema.createIndex("teams_startup_org_idx").on("teams").column("startup_org_id").execute();
  await db.schema.createIndex("teams_public_org_idx").on("teams").column("public_org_id").execute();
  await db.schema.createIndex("teams_corporate_org_idx").on("teams").column("corporate_org_id").execute();
  // /pilots in its own order (latest start first): a page reads its 25 pilots in order and their teams,
  // challenges and organisations by key, instead of joining every pilot with them and sorting the lot.
  await sql`CREATE INDEX pilots_listing_idx ON pilots (starts_on DESC, title, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ["pilots_listing_idx", "teams_corporate_org_idx", "teams_public_org_idx", "teams_startup_org_idx"]) {
    await db.schema.dropIndex(name).execute();
  }
}
