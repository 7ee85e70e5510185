// `npm test` runs this first: PostgreSQL and Redis answering, Chromium present, and a fresh production
// build for the end-to-end tests. Any failure stops with a message that says what to do.
import { execSync } from "node:child_process";
import { ensureChromium, ensurePostgres, ensureRedis } from "./services";

try {
  await ensurePostgres();
  await ensureRedis();
  ensureChromium();
  if (!process.env.SKIP_BUILD) execSync("npm run --silent build >/dev/null", { stdio: "inherit" });
} catch (error) {
  console.error(`\nCannot run the tests: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
