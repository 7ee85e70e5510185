// Residents in the demo (decision 035): four residents' accounts (no organisation), their suggestions in
// every moderation state (waiting, published, merged into a twin, declined with a reason, and one the
// health partnership turned into "Tackling loneliness in later life"), supports, a reader's report waiting,
// follows of a challenge and a pilot, and feedback on the live air-sensor pilot (one answered publicly by
// Camden, one waiting, one declined). Accounts are written directly, as in cast.ts; everything else goes
// through the commands the pages call, with the forms' own schemas.
import { db } from "../../app/server/connections.server";
import { hashPassword } from "../../app/server/password.server";
import { turnIntoChallenge } from "../../app/server/residents/challenge-link.server";
import { answerFeedback, leaveFeedback } from "../../app/server/residents/feedback.server";
import { setFollowing } from "../../app/server/residents/follows.server";
import { moderateFeedback, moderateSuggestion, reportContent } from "../../app/server/residents/moderation.server";
import { answerSchema, feedbackSchema, suggestionSchema } from "../../app/server/residents/resident-forms";
import { createSuggestion, supportSuggestion } from "../../app/server/residents/suggestions.server";
import type { Cast } from "./cast";
import { form, signedIn, type Person } from "./support";

export const RESIDENTS = [
  { email: "amina@residents.example", name: "Amina Hassan" },
  { email: "joe@residents.example", name: "Joe Barker" },
  { email: "mei@residents.example", name: "Mei Lin" },
  { email: "sam@residents.example", name: "Sam Turner" },
] as const;

export async function playResidents(cast: Cast, password: string, challenges: { loneliness: string }): Promise<void> {
  const hash = await hashPassword(password);
  const people: Person[] = [];
  for (const [i, r] of RESIDENTS.entries()) {
    const { id } = await db().insertInto("users").values({ email: r.email, name: r.name, password_hash: hash, email_confirmed_at: new Date() })
      .returning("id").executeTakeFirstOrThrow();
    people.push({ userId: id, orgId: null, email: r.email, ip: `198.51.100.${80 + i}` });
  }
  const [amina, joe, mei, sam] = people as [Person, Person, Person, Person];
  const themes = new Map((await db().selectFrom("themes").select(["id", "slug"]).execute()).map((t) => [t.slug, t.id]));
  const areas = new Map((await db().selectFrom("areas").select(["id", "slug"]).execute()).map((a) => [a.slug, a.id]));

  const suggest = async (who: Person, title: string, description: string, theme: string, area: string) =>
    createSuggestion(await signedIn(who, "/suggestions/new"), { userId: who.userId },
      form(suggestionSchema, { title, description, themeId: themes.get(theme), areaId: areas.get(area) }));
  const admin = cast.admin;
  const decide = async (id: string, d: Parameters<typeof moderateSuggestion>[3]) =>
    moderateSuggestion(await signedIn(admin, "/admin/suggestions"), { userId: admin.userId }, id, d);
  const support = async (who: Person, id: string) => supportSuggestion(await signedIn(who, `/suggestions/${id}`), { userId: who.userId }, id);

  const pavements = await suggest(amina, "Broken pavements near the health centre",
    "The pavements on the way to the health centre are cracked and uneven. Older people and parents with buggies trip there every week.", "ageing-population", "camden");
  const wheelchairs = await suggest(joe, "Pavements too uneven for wheelchairs",
    "I use a wheelchair. Many pavements near the shops are so uneven that I have to go on the road.", "ageing-population", "camden");
  const lonely = await suggest(mei, "Lonely evenings for older neighbours",
    "Many older people on our estate see nobody from one day to the next. There is nowhere to meet in the evening.", "ageing-population", "hackney");
  // Waits for the programme office.
  await suggest(sam, "Bins overflowing on market day",
    "On market day the street bins are full by noon. Rubbish blows into the gardens and the park.", "climate", "islington");
  const dog = await suggest(joe, "My neighbour's dog barks all night",
    "The dog at number 12 barks every night and nobody does anything about it.", "reducing-inequality", "camden");

  await decide(pavements, { decision: "publish" });
  await decide(wheelchairs, { decision: "publish" });
  await decide(lonely, { decision: "publish" });
  await decide(dog, { decision: "decline", reason: "This is about one household, so new ideas from start-ups cannot help. Please contact the council's noise team." });

  for (const who of [joe, mei, sam]) await support(who, pavements);
  for (const who of [amina, sam]) await support(who, wheelchairs);
  for (const who of [amina, joe, sam]) await support(who, lonely);
  // A twin: its supporters move to the first, Sam counted once.
  await decide(wheelchairs, { decision: "merge", targetId: pavements });

  // The health partnership answers Mei's suggestion with its open challenge: its supporters are told.
  const health = cast.member("health");
  await turnIntoChallenge(await signedIn(health, `/suggestions/${lonely}`), { userId: health.userId, isAdmin: false, orgId: health.orgId! }, lonely, challenges.loneliness);

  // A reader's report, waiting for the programme office.
  await reportContent(await signedIn(sam, `/suggestions/${pavements}`), sam.userId, { suggestionId: pavements }, "The photo it mentions shows a neighbour's house number.");

  // Feedback on the live air-sensor pilot, and residents who follow it and the loneliness challenge.
  const pilot = await db().selectFrom("pilots").select(["id", "title"]).where("title", "=", "High-street air sensor mesh").executeTakeFirstOrThrow();
  for (const who of [amina, mei]) await setFollowing(await signedIn(who, "/follows"), { userId: who.userId }, { pilotId: pilot.id }, true);
  for (const who of [mei, sam]) await setFollowing(await signedIn(who, "/follows"), { userId: who.userId }, { challengeId: challenges.loneliness }, true);
  const feedback = async (who: Person, text: string) =>
    leaveFeedback(await signedIn(who, `/pilots/${pilot.id}/feedback`), { userId: who.userId }, pilot.id, form(feedbackSchema, { intent: "feedback", feedback: text }).feedback);
  const asked = await feedback(amina, "The air map is really useful. Could it show the readings for the side streets too?");
  // Waits for the programme office.
  await feedback(joe, "I walk past the sensor on the high street every day. Is the air better in the morning or the evening?");
  const rude = await feedback(sam, "Whoever put these ugly boxes up should be sacked.");
  const moderate = async (id: string, d: Parameters<typeof moderateFeedback>[3]) =>
    moderateFeedback(await signedIn(admin, "/admin/suggestions"), { userId: admin.userId }, id, d);
  await moderate(asked, { decision: "publish" });
  await moderate(rude, { decision: "decline", reason: "Feedback must be about the pilot, not about people." });
  const camden = cast.member("camden");
  const answer = form(answerSchema, { intent: "answer", feedbackId: asked, answer: "Thank you. We are adding six sensors on side streets next month, and the map will show them." });
  await answerFeedback(await signedIn(camden, `/pilots/${pilot.id}/feedback`), { userId: camden.userId, orgId: camden.orgId!, pilotId: pilot.id }, answer.feedbackId, answer.answer);
}
