// Runs once before all test workers: builds a migrated template database that each worker clones
// (CREATE DATABASE … TEMPLATE is ~100 ms, far cheaper than migrating per worker).
import { dropRunDatabases, prepareTemplateDatabase } from "./databases";

export default async function globalSetup() {
  await prepareTemplateDatabase();
  return async () => {
    await dropRunDatabases();
  };
}
