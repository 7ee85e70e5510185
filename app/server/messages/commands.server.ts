// Posting a message to a proposal's thread (decision 026): the access check, the message, its file, the
// audit row and the other parties' notices in one transaction, so a message is never half-sent.
import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { Actor } from "../auth.server";
import { audit } from "../audit.server";
import { recordMessageAttachment, recordUpload } from "../attachments/attachments.server";
import type { CheckedFile } from "../attachments/upload.server";
import { db } from "../connections.server";
import { threadForActor } from "./access.server";
import { notifyMessagePosted } from "./message-notices.server";

export interface MessageInput {
  proposalId: string;
  /** Checked by messageFormSchema. */
  text: string;
  /** Checked by checkUpload (the attachments' type and size rules), or none. */
  file: CheckedFile | null;
}

/** Posts the message; null (→ 404) when the actor may not write in this thread. */
export async function postMessage(request: Request, actor: Actor, input: MessageInput): Promise<{ messageId: string; attachmentId: string | null } | null> {
  const write = async (tx: Transaction<Database>, storageName: string | null) => {
    const thread = await threadForActor(actor, input.proposalId, tx);
    if (!thread || !actor.org) return null;
    const { id: messageId } = await tx.insertInto("proposal_messages")
      .values({ proposal_id: thread.proposalId, org_id: thread.orgId, author_id: actor.user.id, body: input.text })
      .returning("id").executeTakeFirstOrThrow();
    const attachmentId = input.file && storageName
      ? (await recordMessageAttachment(tx, request, { messageId, proposalId: thread.proposalId, orgId: thread.orgId, userId: actor.user.id }, input.file, storageName)).id
      : null;
    // Ids and facts only: the message's text stays in the thread.
    await audit(tx, request, {
      action: "message.posted",
      subject: { type: "proposal", id: thread.proposalId, orgId: thread.applicantOrgId },
      detail: { messageId, party: thread.party, attachmentId },
    });
    await notifyMessagePosted(tx, thread, { messageId, authorId: actor.user.id, authorOrgId: thread.orgId, authorOrgName: actor.org.name });
    return { messageId, attachmentId };
  };
  if (input.file) return recordUpload(input.file, write);
  return db().transaction().execute((tx) => write(tx, null));
}
