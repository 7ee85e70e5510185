// Pure-logic tests only (solver, scoring, affinity): no database or Redis set-up, for a fast inner loop.
// `npm test` runs these too, through the main config.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
