// KPIs indexed in kpis.csv's order (pilot, name, id), so the streamed file starts at once whatever the
// programme's shape: PostgreSQL reads the KPIs in order and sorts only each one's measurements as it goes,
// rather than sorting every row of the file before the first (issue 15). It also serves every lookup of a
// pilot's KPIs, so it replaces kpis_pilot_idx. Frozen in time.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("kpis_file_order_idx").on("kpis").columns(["pilot_id", "name", "id"]).execute();
  await db.schema.dropIndex("kpis_pilot_idx").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("kpis_pilot_idx").on("kpis").column("pilot_id").execute();
  await db.schema.dropIndex("kpis_file_order_idx").execute();
}
