// The demo's two-stage call (decision 032): City Transport Authority took expressions of interest, stage one has
// closed, and it invited two of three to stage two, with a message to the third. AirSense Labs is writing its full
// proposal; the calendar shows both deadlines.
import { sql } from "kysely";
import { challengeFormSchema } from "../../app/server/challenges/challenge-form";
import { createChallenge, publishChallenge } from "../../app/server/challenges/commands.server";
import { decideStageTwo } from "../../app/server/challenges/stage-two.server";
import { db } from "../../app/server/connections.server";
import { saveProposal, startProposal } from "../../app/server/proposals/commands.server";
import { proposalFormSchema } from "../../app/server/proposals/proposal-form";
import type { Cast } from "./cast";
import { ELIGIBILITY_QUESTIONS, REQUIRED_ANSWER, RUBRIC } from "./programme";
import { dayInput, form, signedIn, type Person } from "./support";

export const TWO_STAGE_TITLE = "Safer cycling routes to secondary schools";

const EXPRESSIONS = [
  { org: "airsense", title: "Near-miss sensors on school cycle routes", summary: "Bike-mounted and lamp-post sensors log close passes and air quality on the routes pupils ride, so the authority fixes the worst junctions first.", invited: true },
  { org: "greenroute", title: "Quiet-hour delivery routing near schools", summary: "Our routing keeps delivery vans off school streets at the start and end of the day, and shows the authority how many vehicle passes it removes.", invited: true },
  { org: "kin", title: "Cycle buddies for new Year 7 pupils", summary: "Older pupils and retired volunteers ride with Year 7s for their first term, building confidence and parents' trust in the routes.", invited: false },
] as const;

export async function playTwoStage(cast: Cast): Promise<string> {
  const owner = cast.member("transport");
  const theme = await db().selectFrom("themes").select("id").where("slug", "=", "reducing-inequality").executeTakeFirstOrThrow();
  const areas = await db().selectFrom("areas").select("id").where("slug", "in", ["newham", "tower-hamlets"]).execute();
  const input = form(challengeFormSchema, {
    title: TWO_STAGE_TITLE,
    summary: "Make the ride to secondary school safe enough that parents let their children cycle.",
    problemStatement: "Fewer than one pupil in fifty cycles to secondary school in Newham and Tower Hamlets, though most live within three miles.\n\nParents tell us the routes feel unsafe at junctions and near delivery traffic. We want pilots that change that, measured by how many pupils ride.",
    themeId: theme.id, areaIds: areas.map((a) => a.id), fundingKind: "budget", fundingGbp: 60_000, pilotWeeks: 20,
    opensAt: dayInput(0), closesAt: dayInput(45), twoStage: "yes", eoiClosesAt: dayInput(10),
    blindReview: "no", reviewsPerProposal: 2, eligibilityQuestions: ELIGIBILITY_QUESTIONS.join("\n"), requiredAnswers: [REQUIRED_ANSWER], criteria: RUBRIC,
  });
  const challengeId = await createChallenge(await signedIn(owner, "/my/challenges/new"), owner.orgId!, owner.userId, input);
  if (!(await publishChallenge(await signedIn(owner, `/my/challenges/${challengeId}`), { id: challengeId, orgId: owner.orgId! }))) {
    throw new Error("demo seed: the two-stage challenge did not publish");
  }
  const questions = await db().selectFrom("eligibility_questions").select(["id", "options", "accepted"]).where("challenge_id", "=", challengeId).execute();
  const ids = new Map<string, string>();
  for (const e of EXPRESSIONS) {
    const startup = cast.member(e.org);
    const started = await startProposal(await signedIn(startup, `/challenges/${challengeId}/apply`), challengeId, startup.orgId!, startup.userId,
      Object.fromEntries(questions.filter((q) => q.options).map((q) => [q.id, q.accepted[0]!])));
    if (started.kind !== "started") throw new Error(`demo seed: "${e.title}" could not start`);
    ids.set(e.org, started.id);
    await save(startup, started.id, "submit", { title: e.title, summary: e.summary, answers: answersFor(questions) });
  }
  // Time moves on: stage one closed two days ago, and the owner chooses.
  await db().updateTable("challenges").set({ opens_at: sql`now() - interval '20 days'`, eoi_closes_at: sql`now() - interval '2 days'` })
    .where("id", "=", challengeId).execute();
  await decideStageTwo(await signedIn(owner, `/my/challenges/${challengeId}/stage-two`), challengeId, {
    invited: EXPRESSIONS.filter((e) => e.invited).map((e) => ids.get(e.org)!),
    message: "We had more strong ideas than we can take forward, and invited the two that change the routes themselves. The borough's school travel team would like to hear about cycle buddies: the programme office can put you in touch.",
  });
  // AirSense writes its full proposal over several sittings: saved, not yet submitted.
  const airsense = cast.member("airsense");
  await save(airsense, ids.get("airsense")!, "save", {
    title: EXPRESSIONS[0].title, summary: EXPRESSIONS[0].summary, answers: answersFor(questions),
    approach: "Forty sensors on the six routes pupils use most, a term of baseline data, then junction fixes chosen with pupils and tested for a term.",
    expectedImpact: "Close passes on the fixed junctions halved, and twice as many pupils cycling on those routes by the end of the pilot.",
  });
  return challengeId;
}

function answersFor(questions: { id: string; options: string[] | null; accepted: string[] }[]) {
  return Object.fromEntries(questions.map((q) => [q.id, q.options ? q.accepted[0]! : "Yes."]));
}

async function save(p: Person, id: string, intent: "save" | "submit", values: Record<string, unknown>) {
  const saved = await saveProposal(await signedIn(p, `/my/proposals/${id}`), { id, orgId: p.orgId! }, form(proposalFormSchema, { ...values, intent }));
  const expected = intent === "save" ? "saved" : "eoi-sent";
  if (saved.result !== expected) throw new Error(`demo seed: a two-stage proposal was not ${expected}: ${JSON.stringify(saved)}`);
}
