// Corporate sponsorship of challenges: offers, the owner's decision, and who sees what.
import { sql } from "kysely";
import { z } from "zod";
import { idField } from "../../lib/ids";
import { optionalText, tagList, wholeNumber } from "../../lib/validation";
import { db } from "../connections.server";
import { inKindNamesOf } from "../vocabulary.server";
import { blindersFor } from "../judging/applicant-identity.server";
import { TEXT_LIMITS } from "../../lib/field-limits";
import { RuleError } from "../rule-error.server";
import { audit, auditProposalViews, type ManagedRef } from "../audit.server";
import { requestProgrammeRollup } from "../dashboards/rollup-request.server";

const ids = <T extends z.ZodTypeAny>(item: T) => z.array(item).max(50).optional().or(item.transform((v) => [v])).transform((v) => v ?? []);

export const offerSchema = z
  .object({
    fundingGbp: wholeNumber("the funding", 0, 100_000_000),
    inKind: ids(z.string().max(60)),
    capacity: wholeNumber("how many start-ups you can partner with", 1, 100),
    prefThemes: ids(z.string().max(80)),
    prefTags: tagList(20),
    trlMin: wholeNumber("the lowest readiness level", 1, 9),
    trlMax: wholeNumber("the highest readiness level", 1, 9),
    prefAreaIds: ids(z.number().int()),
    excludedOrgIds: ids(idField()),
    note: optionalText("the note", TEXT_LIMITS.sponsorship.note),
  })
  .superRefine((v, ctx) => {
    if (v.trlMin > v.trlMax) ctx.addIssue({ code: "custom", path: ["trlMax"], message: "The highest readiness level must be at least the lowest" });
    if (v.fundingGbp === 0 && v.inKind.length === 0) ctx.addIssue({ code: "custom", path: ["fundingGbp"], message: "Offer funding, in-kind support, or both" });
  });

export type OfferInput = z.output<typeof offerSchema>;

export function listInKindTypes() {
  return db().selectFrom("in_kind_types").select(["slug", "name"]).orderBy("id").execute();
}

/** Challenges a corporate can sponsor: published and not finished. */
export function sponsorableChallenge(challengeId: string) {
  return db().selectFrom("challenges").select(["id", "title", "org_id", "status"])
    .where("id", "=", challengeId).where("status", "in", ["published", "judging", "shortlisted"]).executeTakeFirst();
}

export function getOwnOffer({ challengeId, orgId }: { challengeId: string; orgId: string }) {
  return db().selectFrom("sponsorships").selectAll().where("challenge_id", "=", challengeId).where("org_id", "=", orgId).executeTakeFirst();
}

/**
 * Makes or changes an offer; once the owner has decided, the offer is fixed. The offer row is held while
 * it is read and changed (two saves at once cannot both create one), and its audit row commits with it.
 */
export async function saveOffer(request: Request, { challengeId, orgId, userId }: { challengeId: string; orgId: string; userId: string }, v: OfferInput) {
  const values = {
    funding_gbp: v.fundingGbp, in_kind: v.inKind, capacity: v.capacity, pref_themes: v.prefThemes, pref_tags: v.prefTags,
    trl_min: v.trlMin, trl_max: v.trlMax, pref_area_ids: v.prefAreaIds, excluded_org_ids: v.excludedOrgIds, note: v.note,
  };
  return db().transaction().execute(async (tx) => {
    // Inserted if new (the unique index on challenge and organisation settles a race), then held.
    await tx.insertInto("sponsorships").values({ ...values, challenge_id: challengeId, org_id: orgId, created_by: userId })
      .onConflict((oc) => oc.columns(["challenge_id", "org_id"]).doNothing()).execute();
    const offer = await tx.selectFrom("sponsorships").select(["id", "status", "created_at", "updated_at"])
      .where("challenge_id", "=", challengeId).where("org_id", "=", orgId).forUpdate().executeTakeFirstOrThrow();
    if (offer.status !== "offered" && offer.status !== "withdrawn") {
      throw new RuleError("The challenge owner has already decided on this offer, so it can no longer be changed", "fundingGbp");
    }
    await tx.updateTable("sponsorships").set({ ...values, status: "offered", updated_at: sql`now()` }).where("id", "=", offer.id).execute();
    await audit(tx, request, {
      action: "sponsorship.offered",
      subject: { type: "sponsorship", id: offer.id, orgId },
      detail: { challengeId, fundingGbp: v.fundingGbp, capacity: v.capacity },
    }, { userId, orgId });
    return offer.id;
  });
}

export function listOffersForChallenge(challengeId: string) {
  return db().selectFrom("sponsorships").innerJoin("organisations", "organisations.id", "sponsorships.org_id")
    .select(["sponsorships.id", "sponsorships.status", "sponsorships.funding_gbp", "sponsorships.in_kind", "sponsorships.capacity",
      "sponsorships.trl_min", "sponsorships.trl_max", "sponsorships.pref_tags", "sponsorships.note", "organisations.name as org_name",
      "organisations.verified_at"])
    .where("sponsorships.challenge_id", "=", challengeId).orderBy("sponsorships.created_at").execute();
}

export const NOT_VERIFIED_TO_ACCEPT =
  "You can accept sponsorship only from a corporate the programme office has verified. You can decline this offer, or wait until it is verified";

/**
 * The owner accepts or declines an offer. Only a verified corporate's offer can be accepted (its row is
 * held meanwhile, so verification cannot be taken away mid-decision); any offer can be declined. The
 * decision and its audit row commit together; then the programme figures are asked to refresh.
 */
export async function decideOffer(request: Request, { challengeId, orgId, sponsorshipId, accept }: ManagedRef & { sponsorshipId: string; accept: boolean }): Promise<"decided" | "not-found" | "not-verified"> {
  const result = await db().transaction().execute(async (tx) => {
    const offer = await tx.selectFrom("sponsorships").select("org_id")
      .where("id", "=", sponsorshipId).where("challenge_id", "=", challengeId).where("status", "in", ["offered", "accepted", "declined"])
      .forUpdate().executeTakeFirst();
    if (!offer) return "not-found";
    if (accept) {
      const sponsor = await tx.selectFrom("organisations").select("verified_at").where("id", "=", offer.org_id).forShare().executeTakeFirstOrThrow();
      if (sponsor.verified_at === null) return "not-verified";
    }
    await tx.updateTable("sponsorships")
      .set({ status: accept ? "accepted" : "declined", decided_at: sql`now()`, updated_at: sql`now()` })
      .where("id", "=", sponsorshipId).execute();
    // The owner's decision, visible to the owner's organisation; the offer's subject names the corporate.
    await audit(tx, request, { action: "sponsorship.decided", subject: { type: "sponsorship", id: sponsorshipId, orgId }, detail: { challengeId, accept } });
    return "decided";
  });
  if (result === "decided") await requestProgrammeRollup();
  return result;
}

/** Accepted sponsors, for the public challenge page: organisation and what they bring, nobody's name. */
export function publicSponsors(challengeId: string) {
  return db().selectFrom("sponsorships").innerJoin("organisations", "organisations.id", "sponsorships.org_id")
    .select(["organisations.name", "sponsorships.funding_gbp", inKindNamesOf("sponsorships.in_kind").as("in_kind"), sql<boolean>`organisations.verified_at IS NOT NULL`.as("verified")])
    .where("sponsorships.challenge_id", "=", challengeId).where("sponsorships.status", "=", "accepted")
    .orderBy("organisations.name").execute();
}

export function listOrgSponsorships(orgId: string) {
  return db().selectFrom("sponsorships").innerJoin("challenges", "challenges.id", "sponsorships.challenge_id")
    .select(["sponsorships.id", "sponsorships.status", "sponsorships.funding_gbp", "sponsorships.capacity",
      "challenges.id as challenge_id", "challenges.title as challenge_title", "challenges.pairing_published_at"])
    .where("sponsorships.org_id", "=", orgId).orderBy("sponsorships.created_at", "desc").execute();
}

/** The sponsorship as its corporate sees it, or undefined for anyone else. */
export function getOrgSponsorship({ id, orgId }: { id: string; orgId: string }) {
  return db().selectFrom("sponsorships").innerJoin("challenges", "challenges.id", "sponsorships.challenge_id")
    .select(["sponsorships.id", "sponsorships.status", "sponsorships.challenge_id", "challenges.title as challenge_title",
      "challenges.blind_review", "challenges.pairing_published_at"])
    .where("sponsorships.id", "=", id).where("sponsorships.org_id", "=", orgId).executeTakeFirst();
}

/** The shortlist as an accepted sponsor reads it, each proposal's view recorded for its applicant's audit trail. */
export async function readShortlistAsSponsor(request: Request, s: Parameters<typeof shortlistForSponsor>[0]) {
  const shortlist = await shortlistForSponsor(s);
  await auditProposalViews(request, shortlist.map((p) => p.id), "sponsor");
  return shortlist;
}

/**
 * Shortlisted proposals of a challenge the corporate sponsors (accepted offer only). Blind challenges
 * stay blind to sponsors until the pairing is published: no organisation or team before then.
 */
async function shortlistForSponsor(s: { challenge_id: string; blind_review: boolean; pairing_published_at: Date | null }) {
  const rows = await db().selectFrom("proposals").innerJoin("organisations", "organisations.id", "proposals.org_id")
    .leftJoin("proposal_scores", "proposal_scores.proposal_id", "proposals.id")
    .select(["proposals.id", "proposals.title", "proposals.summary", "proposals.trl", "proposals.tags", "proposals.needs", inKindNamesOf("proposals.needs").as("needs_names"), "proposals.team",
      "organisations.name as org_name", "organisations.id as org_id", "organisations.website as org_website", "proposal_scores.calibrated"])
    .where("proposals.challenge_id", "=", s.challenge_id).where("proposals.status", "in", ["shortlisted", "paired", "piloting"])
    .orderBy("proposal_scores.rank").execute();
  const named = !s.blind_review || s.pairing_published_at !== null;
  if (named) return rows.map(({ org_id: _id, org_website: _website, ...r }) => r);
  const blind = await blindersFor(rows.map((r) => ({ id: r.org_id, name: r.org_name, website: r.org_website })));
  return rows.map(({ org_id, org_website: _website, ...r }) => {
    const clean = blind.get(org_id)!;
    return { ...r, org_name: null, team: null, title: clean(r.title), summary: clean(r.summary), tags: r.tags.map(clean) };
  });
}
