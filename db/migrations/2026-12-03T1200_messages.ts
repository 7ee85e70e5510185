// Messages on a proposal (decision 026): a thread between the challenge's owner, the applicant and, once
// the proposal's team is formed, its sponsor. A message may carry one file, kept as an attachment row of
// its own owner kind (message_id), so storage, the download route and the orphan sweep stay one. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("proposal_messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("proposal_id", "uuid", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    // The organisation the author wrote for: the message stays the organisation's when the person's account goes.
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("author_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) BETWEEN 1 AND 4000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("proposal_messages_thread_idx").on("proposal_messages").columns(["proposal_id", "created_at", "id"]).execute();
  await db.schema.createIndex("proposal_messages_author_idx").on("proposal_messages").column("author_id").execute();

  await db.schema.alterTable("attachments")
    .addColumn("message_id", "uuid", (c) => c.references("proposal_messages.id").onDelete("cascade")).execute();
  await db.schema.alterTable("attachments").dropConstraint("attachments_one_owner").execute();
  await db.schema.alterTable("attachments")
    .addCheckConstraint("attachments_one_owner", sql`num_nonnulls(proposal_id, milestone_id, message_id) = 1`).execute();
  await db.schema.createIndex("attachments_message_idx").on("attachments").column("message_id").where(sql.ref("message_id"), "is not", null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("attachments").where("message_id", "is not", null).execute();
  await db.schema.alterTable("attachments").dropConstraint("attachments_one_owner").execute();
  await db.schema.alterTable("attachments").dropColumn("message_id").execute();
  await db.schema.alterTable("attachments")
    .addCheckConstraint("attachments_one_owner", sql`num_nonnulls(proposal_id, milestone_id) = 1`).execute();
  await db.schema.dropTable("proposal_messages").execute();
}
