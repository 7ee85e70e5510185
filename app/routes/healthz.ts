// Liveness and readiness for a load balancer: answers 200 only when the database answers.
import { sql } from "kysely";
import { db } from "~/server/connections.server";

export async function loader() {
  try {
    await sql`SELECT 1`.execute(db());
    return new Response("ok", { headers: { "Cache-Control": "no-store" } });
  } catch {
    return new Response("database unavailable", { status: 503 });
  }
}
