// Runs in every test worker before its test files: points the app at this worker's own database and
// Redis key space, so workers never see each other's rows or jobs.
import { afterAll, beforeAll } from "vitest";
import { useWorkerDatabase } from "./databases";

beforeAll(async () => {
  await useWorkerDatabase();
});

afterAll(async () => {
  // Refusals answered last are still being recorded: let them finish before the database closes under them.
  const { settleAuditWrites } = await import("../../app/server/audit.server");
  await settleAuditWrites();
  const { closeConnections } = await import("../../app/server/connections.server");
  await closeConnections();
});
