// Attachments: files a start-up attaches to its proposal (while it can still edit it, at most 5), evidence
// a pilot's team attaches to a milestone, and the file a message in a proposal's thread carries. An upload
// arrives stored under a generated name and checked (upload.server.ts); a row here comes to name it, or it
// is removed. Who may download follows who may read the proposal (or the pilot), and a judge of a blind
// review, or a sponsor of a blind shortlist, sees a neutral name ("Attachment 1.pdf"), never the original
// one, which may name the applicant.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { MAX_ATTACHMENTS_PER_MILESTONE, MAX_ATTACHMENTS_PER_PROPOSAL, type AttachmentItem } from "../../lib/attachments";
import type { Actor } from "../auth.server";
import { audit } from "../audit.server";
import { db } from "../connections.server";
import { judgeAccessToProposal } from "../judging/reviews.server";
import { getProposalForChallengeOwner } from "../proposals/queries.server";
import { cleanFileName, extensionOf } from "./file-types.server";
import { openFile, removeFile } from "./storage.server";
import type { CheckedFile } from "./upload.server";
import { RuleError } from "../rule-error.server";
import { isOpenSql } from "../challenges/open-rule.server";
import { threadForActor } from "../messages/access.server";

export const TOO_MANY_MESSAGE = `You can attach up to ${MAX_ATTACHMENTS_PER_PROPOSAL} files to a proposal. Delete one to add another`;
export const NOT_EDITABLE_MESSAGE = "Files can only be added or deleted while the proposal is a draft and the challenge is open";

type Tx = Transaction<Database>;

/**
 * Locks this organisation's proposal row (so parallel uploads count one at a time) and checks its files may
 * still change: false when the proposal is not the organisation's, RuleError when it is not editable.
 */
async function lockEditableProposal(tx: Tx, proposalId: string, orgId: string): Promise<boolean> {
  const proposal = await tx.selectFrom("proposals").innerJoin("challenges", "challenges.id", "proposals.challenge_id")
    .select(["proposals.status", isOpenSql.as("is_open")])
    .where("proposals.id", "=", proposalId).where("proposals.org_id", "=", orgId)
    .forUpdate("proposals").executeTakeFirst();
  if (!proposal) return false;
  if (!["draft", "withdrawn"].includes(proposal.status) || !proposal.is_open) throw new RuleError(NOT_EDITABLE_MESSAGE);
  return true;
}

/**
 * Runs `record` (which inserts the row naming the stored file) in one transaction. When it commits, the file
 * is kept; when `record` finds nothing to attach to (null) or fails, the file is removed again.
 */
export async function recordUpload<R extends object>(
  file: CheckedFile,
  record: (tx: Tx, storageName: string) => Promise<R | null>,
): Promise<R | null> {
  try {
    const result = await db().transaction().execute((tx) => record(tx, file.storageName));
    if (result) file.received.kept = true;
    else await removeFile(file.storageName);
    return result;
  } catch (error) {
    await removeFile(file.storageName);
    throw error;
  }
}

function attachmentRow(file: CheckedFile, storageName: string, orgId: string, userId: string) {
  return {
    org_id: orgId, uploaded_by: userId, original_name: file.name, storage_name: storageName,
    media_type: file.mediaType, size_bytes: file.size, sha256: file.sha256,
  };
}

/**
 * Stores the file and records it on the proposal, in one transaction that locks the proposal row, so two
 * uploads at once cannot pass the limit of 5. Null when the proposal is not this organisation's.
 */
export async function addProposalAttachment(
  request: Request,
  { proposalId, orgId, userId }: { proposalId: string; orgId: string; userId: string },
  file: CheckedFile,
): Promise<{ id: string } | null> {
  return recordUpload(file, async (tx, storageName) => {
    if (!(await lockEditableProposal(tx, proposalId, orgId))) return null;
    const { n } = await tx.selectFrom("attachments").select(sql<number>`count(*)::int`.as("n"))
      .where("proposal_id", "=", proposalId).executeTakeFirstOrThrow();
    if (n >= MAX_ATTACHMENTS_PER_PROPOSAL) throw new RuleError(TOO_MANY_MESSAGE);
    const added = await tx.insertInto("attachments").values({ proposal_id: proposalId, ...attachmentRow(file, storageName, orgId, userId) })
      .returning("id").executeTakeFirstOrThrow();
    await audit(tx, request, {
      action: "attachment.uploaded", subject: { type: "attachment", id: added.id, orgId },
      detail: { proposalId, mediaType: file.mediaType, sizeBytes: file.size },
    });
    return added;
  });
}

/**
 * Records the file a message carries, in the message's transaction (inside `recordUpload`): the caller has
 * checked the thread's access and inserted the message.
 */
export async function recordMessageAttachment(
  tx: Tx, request: Request,
  { messageId, proposalId, orgId, userId }: { messageId: string; proposalId: string; orgId: string; userId: string },
  file: CheckedFile, storageName: string,
): Promise<{ id: string }> {
  const added = await tx.insertInto("attachments").values({ message_id: messageId, ...attachmentRow(file, storageName, orgId, userId) })
    .returning("id").executeTakeFirstOrThrow();
  await audit(tx, request, {
    action: "attachment.uploaded", subject: { type: "attachment", id: added.id, orgId },
    detail: { messageId, proposalId, mediaType: file.mediaType, sizeBytes: file.size },
  });
  return added;
}

/** Each message's file, by message id. Call only after checking access to the thread. */
export async function listMessageAttachments(messageIds: string[]): Promise<Record<string, AttachmentItem>> {
  if (messageIds.length === 0) return {};
  const rows = await listQuery().where("message_id", "in", messageIds).execute();
  return Object.fromEntries(rows.map((r) => [r.message_id!, toItem(r, false)]));
}

/** Deletes one of the proposal's files while it can still be edited. False when there is no such file. */
export async function deleteProposalAttachment(request: Request, { attachmentId, proposalId, orgId }: { attachmentId: string; proposalId: string; orgId: string }): Promise<boolean> {
  const removed = await db().transaction().execute(async (tx) => {
    if (!(await lockEditableProposal(tx, proposalId, orgId))) return null;
    const row = await tx.deleteFrom("attachments").where("id", "=", attachmentId).where("proposal_id", "=", proposalId)
      .returning("storage_name").executeTakeFirst();
    if (row) await audit(tx, request, { action: "attachment.deleted", subject: { type: "attachment", id: attachmentId, orgId }, detail: { proposalId } });
    return row;
  });
  if (!removed) return false;
  await removeFile(removed.storage_name);
  return true;
}

/** Evidence for one of this pilot's milestones, by a team member acting for `orgId`. Null for another pilot's milestone. */
export async function addMilestoneAttachment(
  request: Request,
  { pilotId, milestoneId, orgId, userId }: { pilotId: string; milestoneId: string; orgId: string; userId: string },
  file: CheckedFile,
): Promise<{ id: string } | null> {
  return recordUpload(file, async (tx, storageName) => {
    const milestone = await tx.selectFrom("milestones").select("id")
      .where("id", "=", milestoneId).where("pilot_id", "=", pilotId).forUpdate().executeTakeFirst();
    if (!milestone) return null;
    const { n } = await tx.selectFrom("attachments").select(sql<number>`count(*)::int`.as("n"))
      .where("milestone_id", "=", milestoneId).executeTakeFirstOrThrow();
    if (n >= MAX_ATTACHMENTS_PER_MILESTONE) {
      throw new RuleError(`You can attach up to ${MAX_ATTACHMENTS_PER_MILESTONE} files to a milestone. Delete one to add another`);
    }
    const added = await tx.insertInto("attachments").values({ milestone_id: milestoneId, ...attachmentRow(file, storageName, orgId, userId) })
      .returning("id").executeTakeFirstOrThrow();
    await audit(tx, request, {
      action: "attachment.uploaded", subject: { type: "attachment", id: added.id, orgId },
      detail: { milestoneId, pilotId, mediaType: file.mediaType, sizeBytes: file.size },
    });
    return added;
  });
}

/** Deletes evidence from one of this pilot's milestones; only the organisation that uploaded it may. */
export async function deleteMilestoneAttachment(request: Request, { attachmentId, pilotId, orgId }: { attachmentId: string; pilotId: string; orgId: string }): Promise<{ milestoneId: string } | null> {
  const removed = await db().transaction().execute(async (tx) => {
    const row = await tx.deleteFrom("attachments")
      .where("id", "=", attachmentId).where("org_id", "=", orgId)
      .where("milestone_id", "in", tx.selectFrom("milestones").select("id").where("pilot_id", "=", pilotId))
      .returning(["storage_name", "milestone_id"]).executeTakeFirst();
    if (row) {
      await audit(tx, request, { action: "attachment.deleted", subject: { type: "attachment", id: attachmentId, orgId }, detail: { milestoneId: row.milestone_id! } });
    }
    return row;
  });
  if (!removed) return null;
  await removeFile(removed.storage_name);
  return { milestoneId: removed.milestone_id! };
}

// ---------------------------------------------------------------------------------------------------
// Listing

function neutralName(position: number, storageName: string) {
  return `Attachment ${position}.${extensionOf(storageName) || "bin"}`;
}

function listQuery() {
  return db().selectFrom("attachments")
    .select(["id", "proposal_id", "milestone_id", "message_id", "org_id", "original_name", "storage_name", "media_type", "size_bytes", "created_at"])
    .select(sql<number>`row_number() OVER (PARTITION BY coalesce(proposal_id, milestone_id) ORDER BY created_at, id)::int`.as("position"))
    .orderBy("created_at").orderBy("id");
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>["execute"]>>[number];

function toItem(r: ListRow, neutral: boolean): AttachmentItem {
  return {
    id: r.id,
    // Cleaned again when shown: rows stored before bidi and format characters were stripped may hold them.
    name: neutral ? neutralName(r.position, r.storage_name) : cleanFileName(r.original_name),
    mediaType: r.media_type,
    sizeBytes: r.size_bytes,
    createdAt: r.created_at.toISOString(),
  };
}

/** Each proposal's files in upload order; with `neutral`, under neutral names. Call only after checking access. */
export async function listProposalAttachments(proposalIds: string[], { neutral = false } = {}): Promise<Record<string, AttachmentItem[]>> {
  const out: Record<string, AttachmentItem[]> = Object.fromEntries(proposalIds.map((id) => [id, []]));
  if (proposalIds.length === 0) return out;
  const rows = await listQuery().where("proposal_id", "in", proposalIds).execute();
  for (const r of rows) out[r.proposal_id!]!.push(toItem(r, neutral));
  return out;
}

/** Each milestone's evidence files in upload order. Call only after checking access to the pilot. */
export async function listMilestoneAttachments(milestoneIds: string[], viewerOrgId?: string | null): Promise<Record<string, AttachmentItem[]>> {
  const out: Record<string, AttachmentItem[]> = Object.fromEntries(milestoneIds.map((id) => [id, []]));
  if (milestoneIds.length === 0) return out;
  const rows = await listQuery().where("milestone_id", "in", milestoneIds).execute();
  for (const r of rows) out[r.milestone_id!]!.push({ ...toItem(r, false), canDelete: !!viewerOrgId && r.org_id === viewerOrgId });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Downloading

export interface Downloadable {
  id: string;
  storageName: string;
  mediaType: string;
  /** The name to download under: neutral for a blind judge or sponsor. */
  filename: string;
  /** The organisation that owns the file (the applicant, or the team member that uploaded evidence). */
  orgId: string;
  proposalId: string | null;
  milestoneId: string | null;
  messageId: string | null;
}

/**
 * The attachment as this actor may download it, or null (→ 404) when they may not see it. A proposal's
 * files: its organisation's members, the challenge owner once it may read the proposal, a judge with a live
 * review of it, an accepted sponsor while it is on their shortlist, and admins. A milestone's evidence:
 * the members of the pilot team's organisations, and admins. A message's file: the thread's readers only
 * (threadForActor), not admins or judges.
 */
async function attachmentForDownload(actor: Actor, id: string): Promise<Downloadable | null> {
  const a = await db().selectFrom("attachments")
    .leftJoin("proposals", "proposals.id", "attachments.proposal_id")
    .leftJoin("challenges", "challenges.id", "proposals.challenge_id")
    .leftJoin("milestones", "milestones.id", "attachments.milestone_id")
    .leftJoin("pilots", "pilots.id", "milestones.pilot_id")
    .leftJoin("teams", "teams.id", "pilots.team_id")
    .leftJoin("proposal_messages", "proposal_messages.id", "attachments.message_id")
    .select([
      "attachments.id", "attachments.proposal_id", "attachments.milestone_id", "attachments.message_id", "proposal_messages.proposal_id as message_proposal_id",
      "attachments.org_id", "attachments.original_name",
      "attachments.storage_name", "attachments.media_type",
      "proposals.org_id as proposal_org_id", "proposals.challenge_id", "proposals.status as proposal_status",
      "challenges.blind_review", "teams.public_org_id", "teams.startup_org_id", "teams.corporate_org_id",
    ])
    .where("attachments.id", "=", id).executeTakeFirst();
  if (!a) return null;
  const memberOf = (orgId: string | null) => !!orgId && actor.memberships.some((m) => m.orgId === orgId);
  let neutral: boolean | null = null;

  if (a.proposal_id) {
    if (actor.user.isAdmin || memberOf(a.proposal_org_id)) neutral = false;
    if (neutral === null && actor.org?.kind === "public_body"
      && (await getProposalForChallengeOwner({ id: a.proposal_id, challengeId: a.challenge_id!, orgId: actor.org.orgId }))) neutral = false;
    if (neutral === null) {
      const judge = await judgeAccessToProposal({ proposalId: a.proposal_id, userId: actor.user.id });
      if (judge) neutral = judge.blind;
    }
    if (neutral === null && actor.org?.kind === "corporate" && ["shortlisted", "paired", "piloting"].includes(a.proposal_status!)) {
      const sponsorship = await db().selectFrom("sponsorships").innerJoin("challenges", "challenges.id", "sponsorships.challenge_id")
        .select(["challenges.blind_review", "challenges.pairing_published_at"])
        .where("sponsorships.challenge_id", "=", a.challenge_id!).where("sponsorships.org_id", "=", actor.org.orgId)
        .where("sponsorships.status", "=", "accepted").executeTakeFirst();
      if (sponsorship) neutral = sponsorship.blind_review && sponsorship.pairing_published_at === null;
    }
  } else if (a.milestone_id) {
    if (actor.user.isAdmin || memberOf(a.public_org_id) || memberOf(a.startup_org_id) || memberOf(a.corporate_org_id)) neutral = false;
  } else if (a.message_id && a.message_proposal_id) {
    if (await threadForActor(actor, a.message_proposal_id)) neutral = false;
  }
  if (neutral === null) return null;

  let filename = cleanFileName(a.original_name);
  if (neutral) {
    const { position } = await db().selectFrom("attachments")
      .select(sql<number>`count(*)::int`.as("position"))
      .where("proposal_id", "=", a.proposal_id!)
      .where(sql<boolean>`(created_at, id) <= (SELECT created_at, id FROM attachments WHERE id = ${a.id})`)
      .executeTakeFirstOrThrow();
    filename = neutralName(position, a.storage_name);
  }
  return {
    id: a.id, storageName: a.storage_name, mediaType: a.media_type, filename, orgId: a.org_id,
    proposalId: a.proposal_id, milestoneId: a.milestone_id, messageId: a.message_id,
  };
}

/**
 * The attachment's bytes for this actor, the download recorded in the audit trail: null when they may not
 * see it (→ 404), "missing" when the row is there and the file is not.
 */
export async function downloadAttachment(request: Request, actor: Actor, id: string):
  Promise<(Downloadable & { body: ReadableStream<Uint8Array>; size: number }) | "missing" | null> {
  const attachment = await attachmentForDownload(actor, id);
  if (!attachment) return null;
  const file = await openFile(attachment.storageName);
  if (!file) return "missing";
  await audit(request, {
    action: "attachment.downloaded",
    subject: { type: "attachment", id: attachment.id, orgId: attachment.orgId },
    detail: attachment.proposalId ? { proposalId: attachment.proposalId }
      : attachment.messageId ? { messageId: attachment.messageId } : { milestoneId: attachment.milestoneId },
  });
  return { ...attachment, ...file };
}

/** `attachment; filename="…"` with an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(filename: string): string {
  // Control characters and anything outside printable ASCII never go into the plain filename.
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
