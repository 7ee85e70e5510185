import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/**", "node_modules/**", ".cache/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: { react: { version: "18.3" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
      "react/prop-types": "off",
      // Apostrophes in copy are fine in JSX; escaping them makes the text harder to read.
      "react/no-unescaped-entities": "off",
    },
  },
  // The layering (docs/decisions/017-layering.md): routes → area modules (app/server) → pure rules
  // (app/rules) and the database; the worker (jobs/) uses area modules and rules, never pages; area modules
  // reach the queue only through jobs/queues. An import against the direction fails CI here.
  {
    files: ["app/rules/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/server/**", "~/server/**", "**/routes/**", "~/routes/**", "**/components/**", "~/components/**", "**/jobs/**", "**/db/**"], message: "Pure rules import no I/O and no other layer: pass what they need in." },
          { group: ["kysely", "kysely/*", "postgres", "bullmq", "ioredis", "pino", "pino-*", "nodemailer", "node:*", "fs", "fs/*", "@remix-run/*", "react", "react-dom"], message: "Pure rules import no I/O, framework or UI." },
        ],
      }],
    },
  },
  {
    files: ["jobs/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [{ group: ["**/routes/**", "~/routes/**", "**/components/**", "~/components/**"], message: "The worker uses area modules (app/server) and rules (app/rules), never pages." }],
      }],
    },
  },
  {
    files: ["app/server/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/jobs/*", "**/jobs/**", "!**/jobs/queues"], message: "Area modules reach the worker only through jobs/queues (the enqueue functions)." },
          { group: ["**/routes/**", "~/routes/**", "**/components/**", "~/components/**"], message: "Area modules do not import pages or components." },
        ],
      }],
    },
  },
  {
    files: ["app/routes/**", "app/components/**", "app/lib/**", "app/root.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/jobs/**"], message: "Pages use area modules (app/server) and rules (app/rules), not the worker's code." },
          { group: ["~/server/connections.server", "**/server/connections.server"], message: "Pages do not query the database: call a command or query of an area module." },
          { group: ["~/server/audit.server", "**/server/audit.server"], message: "Pages do not write the audit trail: the command or read of an area module records what it did or showed." },
        ],
      }],
    },
  },
  {
    // The health check asks the database itself whether it answers.
    files: ["app/routes/healthz.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": "off" },
  },
  {
    // Migrations are frozen in time and take Kysely<any> by design (Kysely's guidance).
    files: ["db/migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
