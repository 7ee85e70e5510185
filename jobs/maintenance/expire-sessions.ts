// Deletes sessions past their expiry. Validation already refuses them; this keeps the table small.
import { sql } from "kysely";
import type { DB } from "../../db/client";

export async function expireSessions(db: DB): Promise<number> {
  const result = await db.deleteFrom("sessions").where("expires_at", "<", sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
