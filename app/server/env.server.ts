// Configuration, parsed once with zod. Every variable has a default that works on a developer machine.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().default("postgres://postgres@127.0.0.1:5432/civic_challenge"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  // Prefix for every Redis key we write (BullMQ queues, rate limits): lets test workers share one Redis.
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default("civic"),
  // Extra origins allowed to POST (besides the request's own host), comma-separated.
  ALLOWED_ORIGINS: z.string().default(""),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

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
