// `npm run db:seed`: a believable city programme for demos and manual testing. Runs only on an empty
// database (so it never overwrites real data) and refuses NODE_ENV=production unless SEED_DEMO=true.
import { sql } from "kysely";
import { hashPassword } from "../app/server/password.server";
import { createDb, DEFAULT_DATABASE_URL, type DB } from "./client";

export const DEMO_PASSWORD = "civic-demo-2026";
const DAY = 24 * 60 * 60 * 1000;

type Kind = "public_body" | "startup" | "corporate";
const ORGS: { key: string; name: string; kind: Kind; description: string; verified: boolean }[] = [
  { key: "camden", name: "Camden Council", kind: "public_body", description: "Local authority for the London Borough of Camden.", verified: true },
  { key: "transport", name: "City Transport Authority", kind: "public_body", description: "Runs the city's buses, roads and cycle network.", verified: true },
  { key: "health", name: "North Central Health Partnership", kind: "public_body", description: "NHS trusts and GP federations working together across five boroughs.", verified: true },
  { key: "hackney", name: "Hackney Council", kind: "public_body", description: "Local authority for the London Borough of Hackney.", verified: false },
  { key: "airsense", name: "AirSense Labs", kind: "startup", description: "Low-cost air-quality sensors and open data.", verified: true },
  { key: "kin", name: "KinConnect", kind: "startup", description: "Befriending and care coordination for older people.", verified: true },
  { key: "fairrent", name: "FairRent Tech", kind: "startup", description: "Tools that help private renters enforce their rights.", verified: false },
  { key: "greenroute", name: "GreenRoute Mobility", kind: "startup", description: "Route planning for zero-emission deliveries.", verified: true },
  { key: "homewarm", name: "HomeWarm Analytics", kind: "startup", description: "Finds homes losing heat and matches them with retrofit grants.", verified: false },
  { key: "northbank", name: "Northbank Energy plc", kind: "corporate", description: "Energy supplier investing in local decarbonisation.", verified: true },
  { key: "meridian", name: "Meridian Cloud Services", kind: "corporate", description: "Cloud credits and data engineering mentoring.", verified: true },
  { key: "thameside", name: "Thameside Insurance", kind: "corporate", description: "Insurer with test sites across the city.", verified: false },
];

const PEOPLE: { email: string; name: string; org?: string; admin?: boolean; judge?: boolean }[] = [
  { email: "admin@programme.example", name: "Priya Shah", admin: true },
  { email: "camden@council.example", name: "Tom Okafor", org: "camden" },
  { email: "transport@cta.example", name: "Sarah Lindqvist", org: "transport" },
  { email: "health@nchp.example", name: "Dr Amara Bello", org: "health" },
  { email: "hackney@council.example", name: "Liam Murphy", org: "hackney" },
  { email: "founder@airsense.example", name: "Wei Chen", org: "airsense" },
  { email: "founder@kinconnect.example", name: "Grace Adeyemi", org: "kin" },
  { email: "founder@fairrent.example", name: "Jonas Weber", org: "fairrent" },
  { email: "founder@greenroute.example", name: "Sofia Rossi", org: "greenroute" },
  { email: "founder@homewarm.example", name: "Aisha Rahman", org: "homewarm" },
  { email: "partnerships@northbank.example", name: "Oliver Grant", org: "northbank" },
  { email: "startups@meridian.example", name: "Hannah Kowalski", org: "meridian" },
  { email: "innovation@thameside.example", name: "Marcus Reid", org: "thameside" },
  { email: "judge.park@judges.example", name: "Dr Helen Park", judge: true },
  { email: "judge.obi@judges.example", name: "Marcus Obi", judge: true },
  { email: "judge.haddad@judges.example", name: "Leila Haddad", judge: true },
];

// Judges on the three closed challenges, with their expertise. [email, themes, tags, expertise, capacity]
const JUDGES: [string, string[], string[], string, number][] = [
  ["judge.park@judges.example", ["reducing-inequality", "ageing-population"], ["public health", "vaccination"], "Public health researcher; led vaccination outreach programmes in north London.", 6],
  ["judge.obi@judges.example", ["climate"], ["retrofit", "energy", "housing"], "Retrofit engineer: insulation, heat pumps and whole-house energy plans.", 6],
  ["judge.haddad@judges.example", ["reducing-inequality", "climate"], ["transport", "employment"], "Transport economist working on fares, shift work and access to jobs.", 6],
];

// [owner, theme slug, areas, title, summary, state, days from now it opens, days from now it closes]
type State = "draft" | "published";
const CHALLENGES: [string, string, string[], string, string, State, number, number][] = [
  ["camden", "climate", ["camden"], "Cleaner air around primary schools", "Cut children's exposure to traffic pollution on the walk to school.", "published", -20, 25],
  ["transport", "climate", ["london-wide"], "Zero-emission last-mile deliveries", "Move parcel deliveries in the centre to zero-emission vehicles without slowing them down.", "published", -10, 40],
  ["health", "ageing-population", ["camden", "islington", "haringey"], "Fewer falls at home for over-75s", "Spot rising falls risk early and act before an ambulance is needed.", "published", -15, 30],
  ["camden", "reducing-inequality", ["camden"], "Fair access to council services online", "Make sure residents without data, devices or confidence are not left behind by digital services.", "published", -5, 50],
  ["camden", "reducing-inequality", ["camden"], "Ending damp and mould in private rented homes", "Find and fix damp homes faster, and help tenants act without fear of eviction.", "published", -8, 35],
  ["transport", "ageing-population", ["london-wide"], "Confident travel for older passengers", "Help older people keep using buses and trains with confidence.", "published", 10, 70],
  ["health", "reducing-inequality", ["islington", "haringey"], "Closing the gap in childhood vaccination", "Raise uptake of childhood vaccines in neighbourhoods where it lags.", "published", -60, -5],
  ["camden", "climate", ["camden"], "Retrofitting council homes at pace", "Find the council homes that gain most from insulation and heat pumps, and plan the work.", "published", -70, -10],
  ["transport", "reducing-inequality", ["newham", "tower-hamlets"], "Affordable journeys to work", "Reduce the cost of getting to work for low-paid shift workers.", "published", -90, -20],
  ["health", "ageing-population", ["hackney", "islington"], "Tackling loneliness in later life", "Connect isolated older residents with their neighbours and local groups.", "published", -3, 45],
  ["health", "climate", ["london-wide"], "Greener hospital supply chains", "Cut the carbon in what hospitals buy and throw away.", "draft", 5, 60],
  // Hackney Council is not verified yet, so its challenge stays a draft: its page says why it cannot publish.
  ["hackney", "ageing-population", ["hackney"], "Dementia-friendly high streets", "Make local shopping streets easier for people living with dementia.", "draft", 14, 74],
];

// [challenge index, start-up, status, title]
const PROPOSALS: [number, string, "draft" | "submitted", string][] = [
  [0, "airsense", "submitted", "School Streets sensor network"],
  [0, "greenroute", "draft", "Quiet routes to school"],
  [1, "greenroute", "submitted", "Cargo-bike micro-hubs for the centre"],
  [2, "kin", "submitted", "Home check-ins that spot falls risk"],
  [4, "fairrent", "submitted", "Damp reporting with legal backing"],
  [4, "homewarm", "draft", "Thermal survey of rented streets"],
  [6, "kin", "submitted", "Trusted messengers for vaccine uptake"],
  [6, "fairrent", "submitted", "Clinic booking by text message"],
  [7, "homewarm", "submitted", "Retrofit priority map"],
  [7, "airsense", "submitted", "Indoor air monitoring after retrofit"],
  [8, "greenroute", "submitted", "Shared e-bikes for night shifts"],
  [8, "fairrent", "submitted", "Employer-paid travel passes"],
  [9, "kin", "submitted", "Neighbourhood tea clubs"],
];

const RUBRIC = [
  { name: "Impact", description: "How much the proposal would improve residents' lives", weight: 40, threshold: 2.5 },
  { name: "Feasibility", description: "Whether the team can deliver a pilot in the time and budget", weight: 30, threshold: 2 },
  { name: "Value for money", description: "Benefit for the money requested", weight: 20, threshold: null },
  { name: "Scalability", description: "Potential to work across the city", weight: 10, threshold: null },
];

export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("users").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export async function seedDemo(db: DB): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const themes = new Map((await db.selectFrom("themes").select(["id", "slug"]).execute()).map((t) => [t.slug, t.id]));
  const areas = new Map((await db.selectFrom("areas").select(["id", "slug"]).execute()).map((a) => [a.slug, a.id]));
  await db.transaction().execute(async (tx) => {
    const orgIds = new Map<string, string>();
    for (const [i, o] of ORGS.entries()) {
      const { id } = await tx.insertInto("organisations").values({
        name: o.name, kind: o.kind, description: o.description, join_code: `DEMO-${String(1000 + i)}`,
        verified_at: o.verified ? new Date() : null,
      }).returning("id").executeTakeFirstOrThrow();
      orgIds.set(o.key, id);
    }
    const userIds = new Map<string, string>();
    for (const p of PEOPLE) {
      const { id } = await tx.insertInto("users").values({ email: p.email, name: p.name, password_hash: hash, is_admin: !!p.admin, email_confirmed_at: new Date() })
        .returning("id").executeTakeFirstOrThrow();
      userIds.set(p.org ?? (p.admin ? "admin" : p.email), id);
      if (p.org) await tx.insertInto("memberships").values({ user_id: id, org_id: orgIds.get(p.org)!, role: "owner" }).execute();
    }
    const challengeIds: string[] = [];
    for (const [owner, theme, areaSlugs, title, summary, state, opensIn, closesIn] of CHALLENGES) {
      const problem = `${summary}\n\nThe ${ORGS.find((o) => o.key === owner)!.name} has tried several approaches over the last three years, but the problem persists and falls hardest on residents who are already disadvantaged.\n\nWe want a pilot that can show measurable results within its run and a credible route to scale across the city.`;
      const { id } = await tx.insertInto("challenges").values({
        org_id: orgIds.get(owner)!, theme_id: themes.get(theme)!, title, summary, problem_statement: problem,
        funding_kind: challengeIds.length % 4 === 3 ? "prize" : "budget", funding_gbp: 25_000 + 25_000 * (challengeIds.length % 4),
        pilot_weeks: 12 + 4 * (challengeIds.length % 3), opens_at: new Date(Date.now() + opensIn * DAY),
        closes_at: new Date(Date.now() + closesIn * DAY), blind_review: challengeIds.length % 2 === 0, status: state,
        published_at: state === "published" ? new Date(Date.now() + Math.min(opensIn, 0) * DAY - DAY) : null,
        created_by: userIds.get(owner)!,
      }).returning("id").executeTakeFirstOrThrow();
      challengeIds.push(id);
      await tx.insertInto("challenge_areas").values(areaSlugs.map((a) => ({ challenge_id: id, area_id: areas.get(a)! }))).execute();
      await tx.insertInto("rubric_criteria").values(RUBRIC.map((r, position) => ({ ...r, challenge_id: id, position }))).execute();
      await tx.insertInto("eligibility_questions").values([
        { challenge_id: id, position: 0, question: "Is your organisation registered in the UK?" },
        { challenge_id: id, position: 1, question: "Can you start a pilot within three months of being selected?" },
      ]).execute();
    }
    for (const [ci, startup, status, title] of PROPOSALS) {
      const closesIn = CHALLENGES[ci]![7];
      const submittedAt = new Date(Date.now() + Math.min(closesIn - 2, -1) * DAY);
      const { id } = await tx.insertInto("proposals").values({
        challenge_id: challengeIds[ci]!, org_id: orgIds.get(startup)!, title,
        summary: `${title}: a pilot that tackles the challenge directly with residents and front-line staff.`,
        approach: "We will co-design the service with residents for four weeks, run it in two neighbourhoods for eight weeks, and measure the change against a matched comparison area.",
        expected_impact: "A measurable improvement for at least 500 residents during the pilot, with data published openly.",
        team: "Three founders with backgrounds in public health, software engineering and community organising.",
        requested_gbp: 30_000 + 5_000 * (ci % 5), trl: 4 + (ci % 5), tags: ["pilot", "open data"],
        status, submitted_at: status === "submitted" ? submittedAt : null, created_by: userIds.get(startup)!,
      }).returning("id").executeTakeFirstOrThrow();
      const questions = await tx.selectFrom("eligibility_questions").select("id").where("challenge_id", "=", challengeIds[ci]!).execute();
      await tx.insertInto("eligibility_answers").values(questions.map((q) => ({ proposal_id: id, question_id: q.id, answer: "Yes." }))).execute();
    }

    // Sponsorship: accepted offers on the fully reviewed challenge (ready to pair once shortlisted), an
    // accepted sponsor on an open challenge (shown on its public page) and an offer awaiting its owner.
    const offers: [number, string, number, string[], number, "accepted" | "offered"][] = [
      [8, "northbank", 40_000, ["mentoring", "test-sites"], 1, "accepted"],
      [8, "meridian", 15_000, ["cloud-credits", "data-access"], 1, "accepted"],
      [0, "northbank", 30_000, ["data-access"], 2, "accepted"],
      [1, "meridian", 0, ["cloud-credits", "mentoring"], 3, "offered"],
    ];
    for (const [ci, org, funding, inKind, capacity, status] of offers) {
      await tx.insertInto("sponsorships").values({
        challenge_id: challengeIds[ci]!, org_id: orgIds.get(org)!, funding_gbp: funding, in_kind: inKind, capacity, status,
        decided_at: status === "accepted" ? new Date() : null, created_by: userIds.get(org)!,
      }).execute();
    }

    // Judging panels on the closed challenges. On the oldest, every review is already in, so the owner
    // can score and shortlist straight away; on the others the owner assigns judges first.
    for (const ci of [6, 7, 8]) {
      const judgeIds: string[] = [];
      for (const [email, themesOf, tags, expertise, capacity] of JUDGES) {
        const { id } = await tx.insertInto("judges").values({ challenge_id: challengeIds[ci]!, user_id: userIds.get(email)!, themes: themesOf, tags, expertise, capacity })
          .returning("id").executeTakeFirstOrThrow();
        judgeIds.push(id);
      }
      if (ci !== 8) continue;
      await tx.updateTable("challenges").set({ status: "judging" }).where("id", "=", challengeIds[ci]!).execute();
      const proposals = await tx.selectFrom("proposals").select("id").where("challenge_id", "=", challengeIds[ci]!).orderBy("title").execute();
      const criteria = await tx.selectFrom("rubric_criteria").select("id").where("challenge_id", "=", challengeIds[ci]!).orderBy("position").execute();
      for (const [pi, p] of proposals.entries()) {
        await tx.updateTable("proposals").set({ status: "under_review" }).where("id", "=", p.id).execute();
        for (const [ji, judgeId] of judgeIds.entries()) {
          const { id: reviewId } = await tx.insertInto("reviews").values({
            challenge_id: challengeIds[ci]!, proposal_id: p.id, judge_id: judgeId, status: "submitted", submitted_at: new Date(),
            comment: ["Strong evidence of need and a realistic plan.", "Good idea; the budget looks tight.", "Would like clearer measures of success."][ji]!,
          }).returning("id").executeTakeFirstOrThrow();
          // Judge 2 is harsh: a point below the others, which calibration corrects.
          await tx.insertInto("review_scores").values(criteria.map((c, k) => ({
            review_id: reviewId, criterion_id: c.id, score: Math.max(0, Math.min(5, 3 + ((pi + k) % 2) - (ji === 1 ? 1 : 0))), comment: "",
          }))).execute();
        }
      }
    }
  });
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
  console.log("");
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
      await seedDemo(db);
      console.log("Seeded the demo programme.");
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
  }
}
