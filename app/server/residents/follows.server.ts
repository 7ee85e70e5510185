// Following a challenge or a pilot (decision 035). A follower hears of its public news only: a published
// pairing, a pilot milestone done, a pilot completed. Each news item is one notice per follower, named by a
// dedupe key, and goes through notifyAll like every notice, so each follower's choices hold: the kind can be
// turned off, and someone on the daily digest reads it in tomorrow's digest (decision 030).
import type { DB } from "../../../db/client";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { appUrl, notifyAll } from "../notifications.server";
import { notFound } from "../http.server";
import type { Resident } from "./suggestions.server";

export type Followed = { challengeId: string } | { pilotId: string };

const column = (f: Followed) => ("challengeId" in f ? "challenge_id" : "pilot_id") as "challenge_id" | "pilot_id";
const idOf = (f: Followed) => ("challengeId" in f ? f.challengeId : f.pilotId);

/**
 * Starts or stops following; true when something changed. Only public challenges and pilots can be followed:
 * a draft is "not found", as everywhere else (decision 003).
 */
export async function setFollowing(request: Request, who: Resident, target: Followed, follow: boolean): Promise<boolean> {
  return db().transaction().execute(async (tx) => {
    const subject = "challengeId" in target
      ? await tx.selectFrom("challenges").select(["id", "org_id"]).where("id", "=", target.challengeId).where("status", "!=", "draft").executeTakeFirst()
      : await tx.selectFrom("pilots").select(["id"]).where("id", "=", target.pilotId).where("status", "!=", "draft").executeTakeFirst();
    if (!subject) notFound();
    const changed = follow
      ? await tx.insertInto("follows").values({ user_id: who.userId, [column(target)]: idOf(target) })
        .onConflict((oc) => oc.columns(["user_id", column(target)]).where(column(target), "is not", null).doNothing()).returning("id").execute()
      : await tx.deleteFrom("follows").where("user_id", "=", who.userId).where(column(target), "=", idOf(target)).returning("id").execute();
    if (changed.length === 0) return false;
    await audit(tx, request, {
      action: "follow.changed",
      subject: "challengeId" in target ? { type: "challenge", id: target.challengeId } : { type: "pilot", id: target.pilotId },
      detail: { following: follow },
    }, { userId: who.userId, orgId: null });
    return true;
  });
}

export async function isFollowing(userId: string | null, target: Followed): Promise<boolean> {
  if (!userId) return false;
  return !!(await db().selectFrom("follows").select("id").where("user_id", "=", userId).where(column(target), "=", idOf(target)).executeTakeFirst());
}

/** What a resident follows, for their page. */
export function listFollowing(userId: string) {
  return db().selectFrom("follows")
    .leftJoin("challenges", "challenges.id", "follows.challenge_id")
    .leftJoin("pilots", "pilots.id", "follows.pilot_id")
    .select(["follows.challenge_id", "follows.pilot_id", "challenges.title as challenge_title", "pilots.title as pilot_title", "follows.created_at"])
    .where("follows.user_id", "=", userId).orderBy("follows.created_at", "desc").execute();
}

export interface FollowerNews {
  /** Everyone following any of these hears it, once. */
  challengeId?: string;
  pilotId?: string;
  /** Names the news, so a follower of both the challenge and its pilot is told once. */
  key: string;
  subject: string;
  body: string;
  path: string;
}

/** Tells the followers, in the caller's transaction. */
export async function notifyFollowers(tx: DB, news: FollowerNews): Promise<number> {
  if (!news.challengeId && !news.pilotId) return 0;
  const followers = await tx.selectFrom("follows").select("user_id").distinct()
    .where((eb) => eb.or([
      ...(news.challengeId ? [eb("challenge_id", "=", news.challengeId)] : []),
      ...(news.pilotId ? [eb("pilot_id", "=", news.pilotId)] : []),
    ])).execute();
  return notifyAll(tx, followers.map((f) => ({
    userId: f.user_id, kind: "followed_update" as const, dedupeKey: `followed:${news.key}`,
    subject: news.subject, body: `${news.body}\n${appUrl(news.path)}`,
  })));
}
