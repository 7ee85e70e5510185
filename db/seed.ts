// `npm run db:seed`: a believable city programme for demos and manual testing, in which every stage of the
// programme exists — challenges from draft to completed, proposals, judging, sponsorship, pairing, teams,
// pilots with measurements and evidence files, notifications and the audit trail. It is played through
// the product's own commands and background jobs (db/seed/), so it stays true as the rules change. Runs
// only on an empty database (so it never overwrites real data) and refuses NODE_ENV=production unless
// SEED_DEMO=true.
import { sql } from "kysely";
import { db as appDb, closeConnections } from "../app/server/connections.server";
import { rollUpProgramme } from "../app/server/dashboards/rollup.server";
import { sendDeadlineReminders } from "../jobs/notifications/deadline-reminders";
import { sendReviewReminders } from "../jobs/notifications/review-reminders";
import { sendDailyDigests } from "../jobs/notifications/daily-digest";
import { setEmailFrequency } from "../app/server/notifications.server";
import { deliverQueued } from "../jobs/notifications/send";
import { createDb, DEFAULT_DATABASE_URL, type DB } from "./client";
import { createCast, type Cast } from "./seed/cast";
import { seedExports } from "./seed/exports";
import { PILOTS, playPilot } from "./seed/pilots";
import { CHALLENGES, ORGS, PEOPLE } from "./seed/programme";
import { playChallenge } from "./seed/stages";
import { seedConsensus } from "./seed/consensus";
import { recordAs } from "./seed/support";
import { playClarifications } from "./seed/clarifications";
import { playScreening } from "./seed/screening";
import { playReviewDeadline } from "./seed/review-deadline";
import { seedMessages } from "./seed/messages";
import { seedMonitoring } from "./seed/monitoring";
import { seedDataRegister } from "./seed/data-register";
import { playResidents } from "./seed/residents";
import { playTwoStage } from "./seed/two-stage";
import { seedApiTokens } from "./seed/api-tokens";

export const DEMO_PASSWORD = "civic-demo-2026";

export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("users").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export interface DemoSeeded {
  /** A judge invitation left unused (its token is only ever shown once): for someone to sign up and judge. */
  openInvitation: { email: string; link: string; token: string };
  seconds: number;
}

/**
 * Seeds the demo programme into `db`'s database. The commands it plays use the app's own connection
 * (DATABASE_URL), which must name the same database.
 */
export async function seedDemo(db: DB): Promise<DemoSeeded> {
  const started = performance.now();
  const [given, app] = await Promise.all([db, appDb()].map((d) => sql<{ name: string }>`SELECT current_database() AS name`.execute(d)));
  if (given!.rows[0]!.name !== app!.rows[0]!.name) {
    throw new Error(`seedDemo: DATABASE_URL names ${app!.rows[0]!.name}, not ${given!.rows[0]!.name}: the demo's commands would write elsewhere`);
  }
  const cast = await createCast(DEMO_PASSWORD);
  // KinConnect's member reads one summary a day (decision 030): their notices are held for the digest.
  await setEmailFrequency(cast.member("kin").userId, "daily");
  await signIns(cast);

  // Challenges are independent of one another (each one's rows, jobs and order are its own), so a few are
  // played at a time; within a challenge every step waits for the one before, as its people would.
  const played = new Map((await inTurns(CHALLENGES, 4, async (spec) => [spec.key, await playChallenge(cast, spec)] as const)));
  await playClarifications(cast, played.get("air-schools")!.id);
  await playScreening(cast, played.get("vaccination")!.id);
  await playReviewDeadline(cast, played.get("retrofit")!.id);
  await playTwoStage(cast);
  const proposals = new Map([...played.values()].flatMap((c) => [...c.proposals]).map(([id, p]) => [p.title, id]));
  const pilots = await inTurns(PILOTS, 4, (spec) => {
    const proposalId = proposals.get(spec.proposal);
    if (!proposalId) throw new Error(`demo seed: no proposal "${spec.proposal}" for a pilot`);
    return playPilot(cast, spec, proposalId);
  });
  await seedMessages(cast, proposals);
  await seedDataRegister(cast, pilots);
  await readingAndExports(cast, pilots);
  await seedExports(cast);
  await seedConsensus(cast, played);
  await playResidents(cast, DEMO_PASSWORD, { loneliness: played.get("loneliness")!.id });
  await seedApiTokens(cast);

  // The worker's scheduled jobs, run once here so the first page views have something to show: deadline
  // reminders, the programme dashboard's roll-up, and the outbox kept as "stored" (demo addresses are not
  // real, so nothing is ever sent to them, whatever SMTP_URL says).
  await sendDeadlineReminders(db);
  await sendReviewReminders(db);
  await sendDailyDigests(db);
  await seedMonitoring(cast);
  await rollUpProgramme(db);
  await deliverQueued(db, null);

  const openInvitation = [...played.values()].find((c) => c.openInvitation)?.openInvitation;
  if (!openInvitation) throw new Error("demo seed: no invitation was left open");
  return { openInvitation, seconds: (performance.now() - started) / 1000 };
}

/** `work` for each item, at most `width` at a time; the results in the items' order. */
async function inTurns<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}

/** Everyone with an organisation has signed in before (the judges and the admin have not: they set up a second factor first). */
async function signIns(cast: Cast) {
  for (const p of PEOPLE.filter((p) => p.org)) {
    const person = cast.member(p.org!);
    await recordAs(person, "/sign-in", { action: "account.signed_in" });
  }
  const fairrent = cast.member("fairrent");
  await recordAs(null, "/sign-in", { action: "account.sign_in_failed", subject: { type: "user", id: fairrent.userId }, detail: { reason: "wrong password" } });
}

/** What people read and download, as the trail records it: evidence files, open data and a personal-data export. */
async function readingAndExports(cast: Cast, pilots: string[]) {
  const evidence = await appDb().selectFrom("attachments").innerJoin("milestones", "milestones.id", "attachments.milestone_id")
    .select(["attachments.id", "attachments.org_id", "attachments.milestone_id"]).where("milestones.pilot_id", "in", pilots)
    .orderBy("attachments.created_at").execute();
  const camden = cast.member("camden");
  for (const a of evidence.slice(0, 2)) {
    await recordAs(camden, `/attachments/${a.id}`, { action: "attachment.downloaded", subject: { type: "attachment", id: a.id, orgId: a.org_id }, detail: { milestoneId: a.milestone_id } }, "GET");
  }
  for (const file of ["pilots.csv", "kpis.csv", "challenges.json"]) {
    await recordAs(null, `/open-data/${file}`, { action: "data.exported", subject: { type: "export", id: file } }, "GET");
  }
  const kin = cast.member("kin");
  await recordAs(kin, "/account/export", { action: "account.exported", subject: { type: "user", id: kin.userId } }, "GET");
}

export function demoLogins() {
  return PEOPLE.map((p) => ({
    email: p.email,
    name: p.name,
    role: p.admin ? "admin (programme office)" : p.judge ? "judge on the closed challenges" : ORGS.find((o) => o.key === p.org)!.name,
  }));
}

export function printDemoLogins() {
  console.log(`\nDemo log-ins (password for all: ${DEMO_PASSWORD}):`);
  for (const l of demoLogins()) console.log(`  ${l.email.padEnd(34)} ${l.role}`);
  console.log("The admin and the judges set up a second factor (an authenticator app) at their first sign-in.");
  console.log("Each account's overview (/my/overview, where signing in lands) lists what it can do next.");
  console.log("");
}

export function printOpenInvitation(seeded: DemoSeeded) {
  console.log(`An unused judge invitation for ${seeded.openInvitation.email} (sign up with that address, then open it):\n  ${seeded.openInvitation.link}\n`);
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (process.env.NODE_ENV === "production" && process.env.SEED_DEMO !== "true") {
    console.error("Refusing to seed demo data with NODE_ENV=production. Set SEED_DEMO=true if you really want it.");
    process.exit(1);
  }
  // `--scale city` adds the city-scale data set (db/seed-city.ts) on top of the demo programme.
  const scaleAt = process.argv.indexOf("--scale");
  const scale = scaleAt >= 0 ? process.argv[scaleAt + 1] : undefined;
  if (scale !== undefined && scale !== "city") {
    console.error(`Unknown --scale ${scale}: the only scale is "city".`);
    process.exit(2);
  }
  const db = createDb(url, { max: 2 });
  try {
    if (!(await isEmpty(db))) {
      console.log("The database already has users: not seeding demo data.");
    } else {
      const seeded = await seedDemo(db);
      console.log(`Seeded the demo programme in ${seeded.seconds.toFixed(1)} s.`);
      printOpenInvitation(seeded);
    }
    if (scale === "city") {
      const { hasCityData, seedCity } = await import("./seed-city");
      if (await hasCityData(db)) {
        console.log("The city-scale data is already there: not adding it again.");
      } else {
        const t0 = performance.now();
        const n = await seedCity(db);
        console.log(`Seeded city scale in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(n).map(([k, v]) => `${v.toLocaleString("en")} ${k}`).join(", ")}.`);
      }
    }
    printDemoLogins();
  } finally {
    await db.destroy();
    await closeConnections();
  }
}
