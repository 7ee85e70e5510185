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
  // Where attachments' files are kept (decision 037): `local` (UPLOAD_DIR) or `s3` (an S3-compatible bucket).
  STORAGE_DRIVER: z.enum(["local", "s3"], { message: 'must be "local" (files in UPLOAD_DIR) or "s3" (an S3-compatible bucket, S3_BUCKET)' }).default("local"),
  // The S3-compatible server's address (MinIO, Ceph…); unset: AWS S3 for S3_REGION.
  S3_ENDPOINT: z.string().url("must be an address such as https://s3.example:9000")
    .refine((v) => /^https?:\/\//.test(v), "must be an http or https address").optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens").optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,40}$/, "must be a region name such as eu-west-2").default("us-east-1"),
  // Both or neither; neither: the SDK's own chain (AWS_* variables, a shared profile, an instance or task role).
  S3_ACCESS_KEY_ID: z.string().min(1, "must not be empty (unset it to use the SDK's default credentials)").optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1, "must not be empty (unset it to use the SDK's default credentials)").optional(),
  // `true` for most S3-compatible servers (http://host/bucket/key rather than http://bucket.host/key).
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"], { message: 'must be "true" or "false"' }).default("false"),
  // The bearer token a Prometheus scraper sends to read /metrics; unset, /metrics answers 404 (decision 036).
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. `openssl rand -hex 32`)").optional(),
  // Requests each organisation API token may make a minute, across every web process (decision 038).
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(120),
  // Single sign-on (decision 040). `true` lets an organisation's OpenID Connect issuer be plain http (the tests'
  // provider on 127.0.0.1); refused in production. Never on by default.
  SSO_ALLOW_INSECURE_HTTP: z.enum(["true", "false"], { message: 'must be "true" or "false"' }).default("false"),
  // DNS servers that answer the domain-verification TXT look-ups, comma-separated host[:port]; unset: the system's.
  SSO_DNS_SERVERS: z.string().regex(/^[0-9a-fA-F.:[\]]+(,[0-9a-fA-F.:[\]]+)*$/, "must be addresses such as 127.0.0.1:5353, comma-separated").optional(),
  // Webhooks (decision 039): "true" lets endpoints use http and loopback addresses (127.0.0.1, ::1,
  // localhost), for tests and development only; refused in production. Private addresses never pass.
  WEBHOOKS_ALLOW_LOOPBACK: z.enum(["true", "false"], { message: 'must be "true" or "false"' }).default("false"),
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
  if (e.NODE_ENV === "production" && e.SSO_ALLOW_INSECURE_HTTP === "true") {
    ctx.addIssue({ code: "custom", path: ["SSO_ALLOW_INSECURE_HTTP"], message: "must not be true in production (an identity provider must be reached over https)" });
  }
  if (e.NODE_ENV === "production" && e.WEBHOOKS_ALLOW_LOOPBACK === "true") {
    ctx.addIssue({ code: "custom", path: ["WEBHOOKS_ALLOW_LOOPBACK"], message: "must not be true in production (webhooks to this machine are for tests and development)" });
  }
  if (e.STORAGE_DRIVER === "s3" && !e.S3_BUCKET) {
    ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "is required when STORAGE_DRIVER=s3 (the bucket attachments are kept in)" });
  }
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    ctx.addIssue({
      code: "custom", path: [e.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"],
      message: "must be set with the other of S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (or unset both for the SDK's default credentials)",
    });
  }
}).transform((e) => ({
  ...e,
  TOTP_ENCRYPTION_KEY: e.TOTP_ENCRYPTION_KEY ?? DEV_TOTP_ENCRYPTION_KEY,
  APP_URL: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
}));

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** The configuration these variables give, or an error naming each variable that is wrong and why. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests point a worker at its own database after import; this forgets the parsed values. */
export function resetEnvCache() {
  cached = undefined;
}
