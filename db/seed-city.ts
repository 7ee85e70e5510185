// City-scale data for load tests and benchmarks (`npm run db:seed -- --scale city`): 500 challenges,
// 20,000 proposals, 1,000 teams with approved pilots (2–4 KPIs and 2–4 milestones each) and 100,000 KPI
// measurements, plus the organisations and users they need. Deterministic: every value and id comes from
// one seeded generator (app/lib/seeded-random.ts), so two runs on the same day produce the same rows; dates are relative
// to today (UTC) so pilots are under way whenever it runs. Bulk inserts of ~1,000 rows per statement.
import { sql, type Insertable } from "kysely";
import { seededRandom } from "../app/lib/seeded-random";
import { hashPassword } from "../app/server/password.server";
import type { DB } from "./client";
import type { Database } from "./schema";

export const CITY = {
  challenges: 500,
  proposalsPerChallenge: 40,
  pilots: 1000,
  measurements: 100_000,
  publicBodies: 50,
  startups: 2000,
  corporates: 200,
} as const;
/** Challenges that reached the pilot stage; each has PILOTS_PER_CHALLENGE teams. */
const PILOT_CHALLENGES = 250;
const PILOTS_PER_CHALLENGE = CITY.pilots / PILOT_CHALLENGES;
const SEED = 20261126;
const DAY = 86_400_000;
const CHUNK = 1000;
export const CITY_PASSWORD = "civic-city-2026";
/** Marks the rows this seed writes (join codes), so it can tell whether it has already run. */
export const CITY_MARK = "CITY-";

const KPI_TEMPLATES: { name: string; unit: string; baseline: number; target: number; direction: "higher" | "lower" }[] = [
  { name: "Residents reached", unit: "people", baseline: 0, target: 1500, direction: "higher" },
  { name: "NO2 near schools", unit: "µg/m³", baseline: 42, target: 30, direction: "lower" },
  { name: "Homes retrofitted", unit: "homes", baseline: 0, target: 120, direction: "higher" },
  { name: "Emergency call-outs", unit: "per month", baseline: 80, target: 55, direction: "lower" },
  { name: "Service uptake", unit: "%", baseline: 48, target: 70, direction: "higher" },
  { name: "Cost per journey", unit: "£", baseline: 6.4, target: 4.5, direction: "lower" },
  { name: "Satisfaction", unit: "%", baseline: 60, target: 80, direction: "higher" },
];
const MILESTONES = ["Kick-off with residents", "Equipment installed", "First data shared", "Mid-point review", "Scale-up plan", "Final report"];
const WORDS = ["air", "housing", "transport", "care", "energy", "jobs", "health", "waste", "water", "digital", "streets", "schools"];

export interface CitySeeded {
  organisations: number;
  users: number;
  challenges: number;
  proposals: number;
  pilots: number;
  kpis: number;
  milestones: number;
  measurements: number;
}

export async function seedCity(db: DB): Promise<CitySeeded> {
  const random = seededRandom(SEED);
  const { int, pick, uuid } = random;
  const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
  const daysFromToday = (n: number) => new Date(today.getTime() + n * DAY);

  const themes = (await db.selectFrom("themes").select("id").orderBy("id").execute()).map((t) => t.id);
  const areaIds = (await db.selectFrom("areas").select("id").orderBy("id").execute()).map((a) => a.id);
  const inKind = (await db.selectFrom("in_kind_types").select("slug").orderBy("id").execute()).map((k) => k.slug);
  const passwordHash = await hashPassword(CITY_PASSWORD);

  // Organisations, each with one owner.
  const orgs: Insertable<Database["organisations"]>[] = [];
  const users: Insertable<Database["users"]>[] = [];
  const memberships: Insertable<Database["memberships"]>[] = [];
  const makeOrgs = (kind: "public_body" | "startup" | "corporate", label: string, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const id = uuid();
      const userId = uuid();
      orgs.push({ id, name: `${label} ${i + 1}`, kind, join_code: `${CITY_MARK}${kind}-${i + 1}`, verified_at: today });
      users.push({ id: userId, email: `${kind.replace("_", "-")}-${i + 1}@city.example`, name: `City ${kind} user ${i + 1}`, password_hash: passwordHash, email_confirmed_at: today });
      memberships.push({ user_id: userId, org_id: id, role: "owner" });
      return { id, userId };
    });
  const publicBodies = makeOrgs("public_body", "City public body", CITY.publicBodies);
  const startups = makeOrgs("startup", "City start-up", CITY.startups);
  const corporates = makeOrgs("corporate", "City sponsor", CITY.corporates);

  const challenges: Insertable<Database["challenges"]>[] = [];
  const challengeAreas: Insertable<Database["challenge_areas"]>[] = [];
  const proposals: Insertable<Database["proposals"]>[] = [];
  const sponsorships: Insertable<Database["sponsorships"]>[] = [];
  const pairings: Insertable<Database["pairings"]>[] = [];
  const teams: Insertable<Database["teams"]>[] = [];
  const pilots: Insertable<Database["pilots"]>[] = [];
  const kpis: (Insertable<Database["kpis"]> & { id: string })[] = [];
  const kpiWindow = new Map<string, { start: number; end: number; baseline: number; target: number }>();
  const milestones: Insertable<Database["milestones"]>[] = [];
  const explanation = sql`'{}'::jsonb`;

  for (let c = 0; c < CITY.challenges; c++) {
    const id = uuid();
    const owner = publicBodies[c % publicBodies.length]!;
    const piloting = c < PILOT_CHALLENGES;
    // Later challenges spread over the earlier stages: open, upcoming, closed, judging, shortlisted, drafts.
    const stage = piloting ? (c % 10 === 0 ? "completed" : "piloting") : pick(["published", "published", "published", "judging", "shortlisted", "draft"] as const);
    const opensIn = piloting ? -int(200, 500) : stage === "published" ? int(-60, 20) : -int(60, 150);
    const closesIn = piloting ? opensIn + int(30, 60) : stage === "published" ? opensIn + int(20, 80) : opensIn + int(30, 50);
    const word = pick(WORDS);
    challenges.push({
      id, org_id: owner.id, theme_id: pick(themes), title: `City challenge ${c + 1}: better ${word}`,
      summary: `Seeded challenge ${c + 1} about ${word} for the city-scale data set.`,
      problem_statement: `A city-scale seeded problem statement about ${word} and the residents it affects.`,
      funding_kind: c % 4 === 3 ? "prize" : "budget", funding_gbp: 25_000 * int(1, 8), pilot_weeks: 4 * int(3, 12),
      opens_at: daysFromToday(opensIn), closes_at: daysFromToday(closesIn), blind_review: random.next() < 0.5, status: stage,
      published_at: stage === "draft" ? null : daysFromToday(opensIn - 1), created_by: owner.userId,
    });
    const areas = new Set<number>();
    const nAreas = int(1, 3);
    while (areas.size < nAreas) areas.add(pick(areaIds));
    for (const area_id of areas) challengeAreas.push({ challenge_id: id, area_id });

    // Proposals: distinct start-ups per challenge (one proposal per start-up per challenge).
    const first = int(0, CITY.startups - 1);
    const step = 1 + 2 * int(0, 20); // odd step over an even count visits distinct start-ups
    const applicants = Array.from({ length: CITY.proposalsPerChallenge }, (_, i) => startups[(first + i * step) % CITY.startups]!);
    const sponsorIds = piloting ? [pick(corporates), corporates[(c * 7 + 3) % corporates.length]!].filter((s, i, a) => a.findIndex((x) => x.id === s.id) === i) : [];
    const sponsorshipIds = sponsorIds.map((s) => {
      const sid = uuid();
      sponsorships.push({
        id: sid, challenge_id: id, org_id: s.id, funding_gbp: 5_000 * int(0, 10), in_kind: [pick(inKind)], capacity: PILOTS_PER_CHALLENGE,
        status: "accepted", decided_at: daysFromToday(closesIn + 5), created_by: s.userId,
      });
      return { id: sid, org: s };
    });
    applicants.forEach((a, i) => {
      const pid = uuid();
      const teamed = piloting && i < PILOTS_PER_CHALLENGE;
      const status = teamed ? "piloting"
        : piloting || stage === "shortlisted" ? (i < 8 ? "shortlisted" : "not_shortlisted")
          : stage === "judging" ? "under_review"
            : stage === "draft" ? "draft"
              : i % 10 === 9 ? "withdrawn" : i % 5 === 4 ? "draft" : "submitted";
      proposals.push({
        id: pid, challenge_id: id, org_id: a.id, title: `City proposal ${c + 1}.${i + 1}`, summary: "Seeded proposal.",
        approach: "Seeded approach.", team: "Seeded team.", requested_gbp: 10_000 * int(1, 6), trl: int(2, 9), tags: [word],
        needs: [pick(inKind)], status, submitted_at: status === "draft" ? null : daysFromToday(closesIn - int(1, 10)),
        withdrawn_at: status === "withdrawn" ? daysFromToday(closesIn - 1) : null, created_by: a.userId,
      });
      if (!teamed) return;
      const sponsor = sponsorshipIds[i % sponsorshipIds.length]!;
      const pairingId = uuid();
      pairings.push({
        id: pairingId, challenge_id: id, proposal_id: pid, sponsorship_id: sponsor.id, fit: Math.round(random.next() * 1000) / 1000, explanation,
        status: "team", startup_response: "accepted", sponsor_response: "accepted",
      });
      const teamId = uuid();
      teams.push({ id: teamId, challenge_id: id, pairing_id: pairingId, proposal_id: pid, public_org_id: owner.id, startup_org_id: a.id, corporate_org_id: sponsor.org.id });

      // The pilot: one in twenty not started yet; the rest under way or (on completed challenges) finished.
      const pilotId = uuid();
      const notStarted = pilots.length % 20 === 19;
      const startIn = notStarted ? int(5, 40) : stage === "completed" ? -int(300, 400) : -int(60, 250);
      const weeks = int(20, 40);
      const startsOn = daysFromToday(startIn);
      const endsOn = daysFromToday(startIn + weeks * 7);
      pilots.push({
        id: pilotId, team_id: teamId, title: `City pilot ${pilots.length + 1}: ${word}`,
        status: stage === "completed" ? "completed" : notStarted ? "approved" : "running",
        starts_on: startsOn, ends_on: endsOn, budget_gbp: 5_000 * int(4, 20), approved_at: daysFromToday(startIn - 10),
      });
      const orgsOfTeam = [owner.id, a.id, sponsor.org.id];
      const nMilestones = int(2, 4);
      for (let m = 0; m < nMilestones; m++) {
        const due = startIn + Math.round(((m + 1) / (nMilestones + 1)) * weeks * 7);
        const done = due < 0 && random.next() < 0.85;
        milestones.push({
          pilot_id: pilotId, title: MILESTONES[m % MILESTONES.length]!, due_on: daysFromToday(due), owner_org_id: pick(orgsOfTeam),
          status: done ? "done" : "planned", done_on: done ? daysFromToday(due + int(-5, 7)) : null,
        });
      }
      const nKpis = int(2, 4);
      for (const t of random.sample(KPI_TEMPLATES, nKpis)) {
        const kpiId = uuid();
        kpis.push({ id: kpiId, pilot_id: pilotId, name: t.name, unit: t.unit, baseline: t.baseline, target: t.target, direction: t.direction, frequency: pick(["weekly", "monthly"] as const) });
        if (!notStarted) kpiWindow.set(kpiId, { start: startIn, end: Math.min(0, startIn + weeks * 7), baseline: t.baseline, target: t.target });
      }
    });
  }

  // Measurements: exactly CITY.measurements, spread over the KPIs of started pilots, each KPI's values moving
  // from baseline towards target (some faster than others) with noise; most verified, some recorded or queried.
  const measured = [...kpiWindow.entries()];
  const per = Math.floor(CITY.measurements / measured.length);
  let extra = CITY.measurements - per * measured.length;
  const measurements: Insertable<Database["measurements"]>[] = [];
  for (const [kpiId, w] of measured) {
    const n = per + (extra-- > 0 ? 1 : 0);
    const pace = 0.5 + random.next() * 0.8;
    const span = Math.max(1, w.end - w.start);
    for (let i = 0; i < n; i++) {
      const day = w.start + Math.round(((i + 1) / n) * span);
      const progress = Math.min(1.1, pace * ((i + 1) / n));
      const value = w.baseline + (w.target - w.baseline) * progress + (random.next() - 0.5) * 0.1 * Math.abs(w.target - w.baseline);
      const r = random.next();
      measurements.push({
        kpi_id: kpiId, measured_on: daysFromToday(day), value: Math.round(value * 100) / 100,
        status: r < 0.85 ? "verified" : r < 0.95 ? "recorded" : "queried",
      });
    }
  }

  await db.transaction().execute(async (tx) => {
    const insert = async <T extends keyof Database>(table: T, rows: Insertable<Database[T]>[]) => {
      for (let i = 0; i < rows.length; i += CHUNK) await tx.insertInto(table).values(rows.slice(i, i + CHUNK) as never).execute();
    };
    await insert("organisations", orgs);
    await insert("users", users);
    await insert("memberships", memberships);
    await insert("challenges", challenges);
    await insert("challenge_areas", challengeAreas);
    await insert("proposals", proposals);
    await insert("sponsorships", sponsorships);
    await insert("pairings", pairings);
    await insert("teams", teams);
    await insert("pilots", pilots);
    await insert("milestones", milestones);
    await insert("kpis", kpis);
    await insert("measurements", measurements);
  });
  await sql`ANALYZE`.execute(db);
  return {
    organisations: orgs.length, users: users.length, challenges: challenges.length, proposals: proposals.length, pilots: pilots.length,
    kpis: kpis.length, milestones: milestones.length, measurements: measurements.length,
  };
}

/** Whether the city-scale rows are already there. */
export async function hasCityData(db: DB): Promise<boolean> {
  return !!(await db.selectFrom("organisations").select("id").where("join_code", "like", `${CITY_MARK}%`).limit(1).executeTakeFirst());
}
