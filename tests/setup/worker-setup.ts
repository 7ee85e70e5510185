// Runs in every test worker before its test files: points the app at this worker's own database and
// Redis key space, so workers never see each other's rows or jobs.
import { afterAll, beforeAll } from "vitest";
import { useWorkerDatabase } from "./databases";

beforeAll(async () => {
  await useWorkerDatabase();
});

afterAll(async () => {
  const { closeConnections } = await import("../../app/server/connections.server");
  await closeConnections();
});
