// A second factor (TOTP, with single-use recovery codes) for judges and programme admins, optional for
// everyone else. The TOTP key is stored encrypted (AES-256-GCM, key from TOTP_ENCRYPTION_KEY); the last
// accepted 30-second step is kept so a code cannot be used twice. Recovery codes are stored as SHA-256
// hashes, like session tokens: they are random and high-entropy. A session starts unverified when its
// user has a second factor and is marked verified once a code is accepted. Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("totp_key", "bytea")
    .addColumn("totp_last_step", "bigint")
    .addColumn("two_factor_enabled_at", "timestamptz")
    .execute();
  await db.schema
    .alterTable("sessions")
    .addColumn("two_factor_verified", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("recovery_codes_user_code_key", ["user_id", "code_hash"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("recovery_codes").execute();
  await db.schema.alterTable("sessions").dropColumn("two_factor_verified").execute();
  await db.schema.alterTable("users").dropColumn("totp_key").dropColumn("totp_last_step").dropColumn("two_factor_enabled_at").execute();
}
