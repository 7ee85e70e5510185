// Clarifications on the demo's open air-quality challenge (decision 027): a start-up's question answered and
// published without its name, another waiting in the owner's queue, and a change to the rubric made after
// opening, published with its explanation. Played through the commands the pages call.
import { askQuestion, publishAnswer } from "../../app/server/challenges/clarifications.server";
import { updateChallenge } from "../../app/server/challenges/commands.server";
import { getOwnChallenge } from "../../app/server/challenges/queries.server";
import type { Cast } from "./cast";
import { signedIn } from "./support";

export async function playClarifications(cast: Cast, challengeId: string): Promise<void> {
  const camden = cast.member("camden");
  const ask = async (key: "airsense" | "greenroute", text: string) => {
    const startup = cast.member(key);
    return askQuestion(await signedIn(startup, `/challenges/${challengeId}/questions`), { userId: startup.userId, orgId: startup.orgId!, orgKind: "startup" }, challengeId, text);
  };
  const answered = await ask("airsense", "We are AirSense Labs. Can the sensors go on school buildings as well as at the gates, or only on council street furniture?");
  await publishAnswer(await signedIn(camden, `/my/challenges/${challengeId}/clarifications`), { userId: camden.userId, challengeId }, {
    clarificationId: answered,
    question: "Can sensors go on school buildings as well as at the gates, or only on council street furniture?",
    answer: "Both. Schools taking part have agreed to host sensors on their buildings; we will arrange access. Council lamp posts are available too, with two weeks' notice.",
  });
  await ask("greenroute", "Could the pilot include schools just across the border in Islington, where many Camden children go to school?");

  // The owner rewords a criterion after the call opened: published with its reason, every applicant told.
  const c = await getOwnChallenge({ id: challengeId, orgId: camden.orgId! });
  if (!c) throw new Error("demo seed: the air-quality challenge is missing");
  const result = await updateChallenge(await signedIn(camden, `/my/challenges/${challengeId}/edit`), { id: challengeId, orgId: camden.orgId!, userId: camden.userId }, {
    title: c.title, summary: c.summary, problemStatement: c.problem_statement, themeId: c.theme_id, areaIds: c.areas.map((a) => a.id),
    fundingKind: c.funding_kind, fundingGbp: c.funding_gbp, pilotWeeks: c.pilot_weeks, opensAt: new Date(c.opens_at), closesAt: new Date(c.closes_at), eoiClosesAt: c.eoi_closes_at === null ? null : new Date(c.eoi_closes_at),
    blindReview: c.blind_review, reviewsPerProposal: c.reviews_per_proposal, eligibilityQuestions: c.questions.filter((q) => q.options === null).map((q) => q.question),
    requiredAnswers: c.questions.flatMap((q) => (q.options === null ? [] : [{ question: q.question, options: q.options, accepted: q.accepted }])),
    criteria: c.criteria.map((r) => ({
      name: r.name, weight: r.weight, threshold: r.threshold === null ? null : Number(r.threshold),
      description: r.position === 0 ? "How much the proposal would improve the air children breathe on the way to school, and how it will be measured" : r.description,
    })),
    clarification: "Several applicants asked how impact will be judged. We have made the Impact criterion say so: judges will look for a measured change in the air children breathe, not only in traffic counts.",
  });
  if (result !== "clarified") throw new Error("demo seed: the rubric change was not published as a clarification");
}
