// Proving an account holds its email address (issue 12, item 4). Frozen in time: takes Kysely<any> and
// imports no app code.
//
// - `users.email_confirmed_at`: an account proves it holds its address by a link sent there. Accounts made
//   before this migration (the demo's among them) count as confirmed, so nobody is locked out by it.
// - `email_tokens`: the confirmation links. Only the SHA-256 of a link's token is kept, as for sessions; a
//   token is single-use (`used_at`) and expires. A token sent to an address that already has an unconfirmed
//   account carries the name and password typed at that sign-up (`pending_name`, `pending_password_hash`):
//   only whoever reads that inbox can make them the account's.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("email_confirmed_at", "timestamptz").execute();
  await sql`UPDATE users SET email_confirmed_at = created_at`.execute(db);

  await db.schema
    .createTable("email_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    // The address the link was sent to: it confirms that address only, should the account's change.
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("pending_name", "text")
    .addColumn("pending_password_hash", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("email_tokens_user_idx").on("email_tokens").columns(["user_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("email_tokens").execute();
  await db.schema.alterTable("users").dropColumn("email_confirmed_at").execute();
}
