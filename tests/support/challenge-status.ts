// The challenge time rule stated again, independently of the SQL in app/server/challenges/open-rule, as the
// tests' oracle: while published, a challenge is upcoming before it opens, open until it closes, then closed.
import type { EffectiveChallengeStatus } from "../../app/lib/challenge-status";

export function expectedStatus(stored: string, opensAt: Date | string, closesAt: Date | string, now: Date): EffectiveChallengeStatus {
  if (stored !== "published") return stored as EffectiveChallengeStatus;
  if (now < new Date(opensAt)) return "upcoming";
  if (now < new Date(closesAt)) return "open";
  return "closed";
}
