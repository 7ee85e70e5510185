// The pages the web benchmarks request (bench/web/run.ts under wrk, bench/web/explain.ts for their
// queries' plans), picked from the city-scale database, each as its user asks for it.
import postgres from "postgres";
import type { Goals } from "./figures";

export const KPIS_CSV = "/open-data/kpis.csv";

export interface Page {
  /** What --only names it by (or its path). */
  key: string;
  path: string;
  who: string;
  cookie?: string;
  goals: Goals;
  /** wrk's connections for the requests/s (16 unless the page takes so long that 16 at once only time out). */
  connections?: number;
}

const P50_GOAL_MS = 3;
const goals = (ratio?: number): Goals => ({ ratioAtLeast: ratio, p50AtMostMs: P50_GOAL_MS });

/**
 * The pages to measure, with ids picked from the database, and sessions written straight into it (as
 * the tests do) for the signed-in ones. The demo admin and judges set up a second factor at their first
 * sign-in; here they are given one as if they had, so their pages answer instead of sending them to set it up.
 */
export async function benchPages(ownerUrl: string): Promise<Page[]> {
  const f = await import("../../tests/support/factories");
  const { db } = await import("../../app/server/connections.server");
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const one = async <T>(what: string, rows: Promise<T[]>): Promise<T> => {
      const [row] = await rows;
      if (!row) throw new Error(`the seed has no ${what}`);
      return row;
    };
    // The open challenge with the most proposals, and a search that finds it: a word of its title, its theme.
    const challenge = await one("open challenge", sql<{ id: string; title: string; theme: string }[]>`
      SELECT c.id, c.title, t.slug AS theme FROM challenges c JOIN themes t ON t.id = c.theme_id
      WHERE c.status = 'published' AND c.opens_at <= now() AND c.closes_at > now()
      ORDER BY (SELECT count(*) FROM proposals p WHERE p.challenge_id = c.id) DESC, c.id LIMIT 1`);
    const word = challenge.title.split(/\W+/).find((w) => w.length > 3) ?? challenge.title.split(" ")[0]!;
    const pilot = await one("pilot under way", sql<{ id: string }[]>`
      SELECT id FROM pilots WHERE status IN ('approved', 'running', 'completed') ORDER BY starts_on, id LIMIT 1`);
    const startup = await one("demo start-up's proposal", sql<{ user_id: string; org_id: string; id: string }[]>`
      SELECT u.id AS user_id, p.org_id, p.id FROM proposals p
      JOIN memberships m ON m.org_id = p.org_id JOIN users u ON u.id = m.user_id
      WHERE u.email = 'founder@airsense.example' ORDER BY p.status = 'submitted' DESC, p.id LIMIT 1`);
    const review = await one("review in progress", sql<{ user_id: string; id: string }[]>`
      SELECT j.user_id, r.id FROM reviews r JOIN judges j ON j.id = r.judge_id JOIN users u ON u.id = j.user_id
      WHERE r.status = 'in_progress' ORDER BY u.email = 'judge.haddad@judges.example' DESC, r.id LIMIT 1`);
    const results = await one("owner's scored challenge", sql<{ user_id: string; org_id: string; id: string }[]>`
      SELECT u.id AS user_id, c.org_id, c.id FROM challenges c
      JOIN memberships m ON m.org_id = c.org_id JOIN users u ON u.id = m.user_id
      WHERE u.email = 'transport@cta.example' AND c.status = 'shortlisted'
      ORDER BY (SELECT count(*) FROM reviews r WHERE r.challenge_id = c.id AND r.status = 'submitted') DESC, c.id LIMIT 1`);
    const admin = await one("demo admin", sql<{ id: string }[]>`SELECT id FROM users WHERE email = 'admin@programme.example'`);
    for (const userId of [review.user_id, admin.id]) {
      await db().updateTable("users").set(f.secondFactorColumns()).where("id", "=", userId).where("two_factor_enabled_at", "is", null).execute();
    }
    const search = `/challenges?q=${encodeURIComponent(word.toLowerCase())}&theme=${challenge.theme}`;
    return [
      { key: "/healthz", path: "/healthz", who: "public", goals: { ratioAtLeast: 1 / 10, p50AtMostMs: P50_GOAL_MS } },
      { key: "/", path: "/", who: "public", goals: goals() },
      { key: "/challenges", path: "/challenges", who: "public", goals: goals(1 / 60) },
      { key: "search", path: search, who: "public", goals: goals() },
      { key: "challenge", path: `/challenges/${challenge.id}`, who: "public", goals: goals(1 / 60) },
      { key: "/dashboard", path: "/dashboard", who: "public", goals: goals(1 / 60) },
      { key: "/pilots", path: "/pilots", who: "public", goals: goals() },
      { key: "pilot", path: `/pilots/${pilot.id}`, who: "public", goals: goals() },
      // Megabytes at city scale, each taking seconds: 16 at once would only queue past wrk's timeout.
      { key: KPIS_CSV, path: KPIS_CSV, who: "public", goals: goals(), connections: 1 },
      { key: "/api/challenges", path: "/api/challenges", who: "public", goals: goals() },
      { key: "proposal", path: `/my/proposals/${startup.id}`, who: "start-up", cookie: await f.sessionCookieFor(startup.user_id, startup.org_id), goals: goals(1 / 100) },
      { key: "review", path: `/judging/reviews/${review.id}`, who: "judge", cookie: await f.sessionCookieFor(review.user_id, null), goals: goals(1 / 100) },
      { key: "results", path: `/my/challenges/${results.id}/results`, who: "owner", cookie: await f.sessionCookieFor(results.user_id, results.org_id), goals: goals(1 / 100) },
      { key: "/admin/audit", path: "/admin/audit", who: "admin", cookie: await f.sessionCookieFor(admin.id, null), goals: goals(1 / 100) },
    ];
  } finally {
    await sql.end();
    const { closeConnections } = await import("../../app/server/connections.server");
    await closeConnections();
  }
}
