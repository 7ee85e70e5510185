// Liveness and readiness for a load balancer: 200 only when the database answers. Served by server.ts
// before Remix, so a probe costs one query and nothing else.
import { sql } from "kysely";
import { db } from "./connections.server";

export async function healthAnswer(): Promise<{ status: 200 | 503; body: string }> {
  try {
    await sql`SELECT 1`.execute(db());
    return { status: 200, body: "ok" };
  } catch {
    return { status: 503, body: "database unavailable" };
  }
}
