// Single sign-on for organisations' staff (decision 040): an organisation's OpenID Connect connection (at most
// one; its client secret encrypted at rest, AES-256-GCM), the e-mail domains it claims (each proved by a DNS
// TXT record before it maps anyone; verified by one organisation only), and the sign-ins under way (state,
// nonce and PKCE verifier, kept here for ten minutes and used once). Frozen in time.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sso_connections")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("org_id", "uuid", (c) => c.notNull().unique().references("organisations.id").onDelete("cascade"))
    .addColumn("issuer", "text", (c) => c.notNull().check(sql`char_length(issuer) BETWEEN 8 AND 500`))
    .addColumn("client_id", "text", (c) => c.notNull().check(sql`char_length(client_id) BETWEEN 1 AND 300`))
    // iv ‖ ciphertext ‖ tag; never shown back.
    .addColumn("client_secret", "bytea", (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("sso_domains")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("domain", "text", (c) => c.notNull().check(sql`domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$' AND char_length(domain) <= 253`))
    // The value the organisation publishes in a TXT record to prove it controls the domain.
    .addColumn("verification_token", "text", (c) => c.notNull().check(sql`verification_token ~ '^[a-z2-7]{32}$'`))
    .addColumn("verified_at", "timestamptz")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("sso_domains_org_domain_key", ["org_id", "domain"])
    .execute();
  // Any organisation may add a domain and try to prove it; only one can hold it verified.
  await sql`CREATE UNIQUE INDEX sso_domains_verified_domain_key ON sso_domains (domain) WHERE verified_at IS NOT NULL`.execute(db);

  await db.schema
    .createTable("sso_sign_ins")
    // Hex SHA-256 of the random value in the browser's short-lived cookie: a leaked row cannot be replayed.
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`id ~ '^[0-9a-f]{64}$'`))
    .addColumn("connection_id", "uuid", (c) => c.notNull().references("sso_connections.id").onDelete("cascade"))
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("code_verifier", "text", (c) => c.notNull())
    .addColumn("redirect_to", "text", (c) => c.notNull().check(sql`redirect_to LIKE '/%'`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sso_sign_ins_expires_idx").on("sso_sign_ins").column("expires_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("sso_sign_ins").execute();
  await db.schema.dropTable("sso_domains").execute();
  await db.schema.dropTable("sso_connections").execute();
}
