// Proposals are sealed until their challenge closes (decision 003): before the closing date the owner, and
// the programme office managing the challenge, learn how many proposals there are and nothing else: no
// title, no applicant. Every query behind an owner's page that returns proposals filters on this, so a page
// or data request cannot show what the query never returned.
import { sql } from "kysely";
import { db } from "../connections.server";

export { pastDeadlineSql } from "./open-rule.server";

/** What the owner may know before the deadline: how many proposals have been submitted (drafts and withdrawn ones not counted). */
export async function countSubmittedProposals(challengeId: string): Promise<number> {
  const { n } = await db().selectFrom("proposals").select(sql<string>`count(*)`.as("n"))
    .where("challenge_id", "=", challengeId).where("status", "not in", ["draft", "withdrawn"]).executeTakeFirstOrThrow();
  return Number(n);
}
