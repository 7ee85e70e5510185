// Shared set-up for the resilience tests: a private Redis that this test file may stop and start (the app
// in this process and the worker processes both use it, never the shared one), and closed challenges
// with a judging panel ready for "Assign judges".
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { closeConnections, db } from "../../app/server/connections.server";
import { resetEnvCache } from "../../app/server/env.server";
import { resetSignInLimiters } from "../../app/server/sign-in-throttle.server";
import { closeQueues } from "../../jobs/queues";
import { closeChallenge, createChallenge, createJudge, createOrg, createProposal, createUser, sessionCookieFor } from "../support/factories";
import { freePort, startRedis } from "../support/processes";

export async function usePrivateRedis() {
  const port = await freePort();
  let server = await startRedis(port);
  // Point this process's web code (sign-in throttle, queue producers) at the private Redis.
  const shared = process.env.REDIS_URL;
  const repoint = async (url: string | undefined) => {
    await closeQueues();
    await closeConnections();
    if (url === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = url;
    resetEnvCache();
    resetSignInLimiters();
  };
  await repoint(server.url);
  return {
    /** For afterAll: points this process back at the shared Redis (a test worker runs other files next). */
    release: () => repoint(shared),
    url: server.url,
    /** Stops it as a crash would: everything it held (queued jobs, schedules) is gone. */
    stop: () => server.stop(),
    /** A new, empty redis-server on the same port. */
    async start() {
      server = await startRedis(port);
    },
    /** Freezes it (SIGSTOP): connections stay open and nothing answers, as a wedged Redis or a lost network would. */
    pause: () => server.child.kill("SIGSTOP"),
    resume: () => server.child.kill("SIGCONT"),
  };
}

/** Environment for a worker process: this test file's database and key prefix, the private Redis. */
export function workerEnv(redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: process.env.DATABASE_URL!,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: process.env.REDIS_PREFIX!,
    NODE_ENV: "test",
    // A dead worker's run is taken over within seconds rather than BullMQ's default minute.
    JOB_LOCK_MS: "4000",
    JOB_STALLED_CHECK_MS: "2000",
    ...extra,
  };
}

/**
 * Environment for `npm start` (startSystem) on this port: this test file's database and key prefix, the
 * private Redis, and production's settings (no demo data seeded into the empty database).
 */
export function systemEnv(port: number, redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: String(port),
    DATABASE_URL: process.env.DATABASE_URL!,
    MIGRATION_DATABASE_URL: process.env.MIGRATION_DATABASE_URL!,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: process.env.REDIS_PREFIX!,
    NODE_ENV: "production",
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    // The test workers' own permissions, which production refuses to start with (decisions 039, 040).
    WEBHOOKS_ALLOW_LOOPBACK: "false",
    SSO_ALLOW_INSECURE_HTTP: "false",
    ...extra,
  };
}

/** A closed challenge with submitted proposals and a panel of judges big enough to give each proposal k reviews. */
export async function seedJudgingChallenge(ownerOrgId: string, opts: { proposals: number; judges: number; k: number }) {
  const challenge = await createChallenge(ownerOrgId);
  await db().updateTable("challenges").set({ reviews_per_proposal: opts.k }).where("id", "=", challenge.id).execute();
  const proposals: string[] = [];
  for (let i = 0; i < opts.proposals; i++) {
    proposals.push((await createProposal(challenge.id, (await createOrg("startup")).id, { status: "submitted" })).id);
  }
  const judges: { userId: string; judgeId: string; cookie: string }[] = [];
  for (let j = 0; j < opts.judges; j++) {
    const user = await createUser();
    const capacity = Math.ceil((opts.proposals * opts.k) / opts.judges) + 1;
    const judge = await createJudge({ challenge_id: challenge.id, user_id: user.id, capacity, expertise: "air quality, transport", themes: ["climate"] });
    judges.push({ userId: user.id, judgeId: judge.id, cookie: await sessionCookieFor(user.id, null) });
  }
  await closeChallenge(challenge.id);
  return { challengeId: challenge.id, proposals, judges, expectedReviews: opts.proposals * opts.k };
}

/**
 * True while another connection to this database waits inside an open transaction: with
 * JOB_RUN_TEST_PAUSE_MS, a worker writing a run's results (they are written; the run is not yet completed).
 */
export async function someoneMidWrite(): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND state = 'idle in transaction'
      -- The paused write holds its transaction open for a minute; other jobs' transactions (the roll-up, the
      -- refusal tally) are idle between their statements only for moments: a second tells them apart.
      AND state_change < now() - interval '1 second'`.execute(db());
  return rows[0]!.n > 0;
}
