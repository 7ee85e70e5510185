// The review deadline on the demo's challenge in review: two days away, so the judges with reviews still
// open get their reminder when the seed runs the daily reminders.
import { endOfLondonDay, londonDay } from "../../app/lib/dates";
import { setReviewDeadline } from "../../app/server/judging/review-deadline.server";
import type { Cast } from "./cast";
import { DAY, signedIn } from "./support";

export async function playReviewDeadline(cast: Cast, challengeId: string): Promise<void> {
  const camden = cast.member("camden");
  const [y, m, d] = londonDay(new Date(Date.now() + 2 * DAY)).split("-").map(Number) as [number, number, number];
  await setReviewDeadline(await signedIn(camden, `/my/challenges/${challengeId}/assignments`), { challengeId, orgId: camden.orgId! }, endOfLondonDay(y, m, d));
}
