// Deletes attachment files that no row names any more (see sweepOrphanFiles). Hourly; a file must be an
// hour old before it is considered, far longer than any upload's transaction.
import type { DB } from "../../db/client";
import { sweepOrphanFiles } from "../../app/server/attachments/storage.server";

export async function sweepUploads(db: DB, olderThanMs = 60 * 60 * 1000): Promise<number> {
  const removed = await sweepOrphanFiles(new Date(Date.now() - olderThanMs), async (names) => {
    const rows = await db.selectFrom("attachments").select("storage_name").where("storage_name", "in", names).execute();
    return new Set(rows.map((r) => r.storage_name));
  });
  return removed.length;
}
