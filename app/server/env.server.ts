// Configuration, parsed once with zod. Every variable has a default that works on a developer machine.
import { availableParallelism } from "node:os";
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "../../db/client";
import { webConcurrencyField } from "./web-concurrency.server";

/** Development and test only: production refuses to start without its own TOTP_ENCRYPTION_KEY. */
export const DEV_TOTP_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQtb25seS10b3RwLWtleS0zMmJ5dGU=";

const schema = z.object({
  WEB_CONCURRENCY: webConcurrencyField(availableParallelism()),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // The app's own role (db/roles.ts): reads and writes its tables, nothing more. Migrations use MIGRATION_DATABASE_URL.
  DATABASE_URL: z.string().url().default(DEFAULT_DATABASE_URL),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  // Prefix for every Redis key we write (BullMQ queues, rate limits): lets test workers share one Redis.
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default("civic"),
  // Extra origins allowed to POST (besides the request's own host), comma-separated.
  ALLOWED_ORIGINS: z.string().default(""),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  // The site's public address: every absolute link (e-mails, notices, the invitation link shown to its
  // sender) is built on it, never on the request's Host. Default: http://localhost:$PORT.
  APP_URL: z.string().url().refine((v) => /^https?:\/\//.test(v), "must be an http or https address").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Where uploaded attachments are stored (created if missing); relative paths are from the working directory.
  UPLOAD_DIR: z.string().min(1).default("./var/uploads"),
  // The bearer token a Prometheus scraper sends to read /metrics; unset, /metrics answers 404 (decision 036).
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. `openssl rand -hex 32`)").optional(),
  // Requests each organisation API token may make a minute, across every web process (decision 038).
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(120),
  // Encrypts TOTP keys at rest (AES-256-GCM): 32 random bytes, base64. Required in production; elsewhere a
  // fixed development key is used (never use it for real accounts).
  TOTP_ENCRYPTION_KEY: z.string().optional().refine(
    (v) => v === undefined || Buffer.from(v, "base64").length === 32,
    "must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)",
  ),
}).superRefine((e, ctx) => {
  if (e.NODE_ENV === "production" && !e.TOTP_ENCRYPTION_KEY) {
    ctx.addIssue({ code: "custom", path: ["TOTP_ENCRYPTION_KEY"], message: "is required in production (32 bytes, base64: `openssl rand -base64 32`)" });
  }
}).transform((e) => ({
  ...e,
  TOTP_ENCRYPTION_KEY: e.TOTP_ENCRYPTION_KEY ?? DEV_TOTP_ENCRYPTION_KEY,
  APP_URL: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
}));

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests point a worker at its own database after import; this forgets the parsed values. */
export function resetEnvCache() {
  cached = undefined;
}
