// Verified organisations' names (issue 12, item 5). Frozen in time: takes Kysely<any> and imports no app code.
//
// `org_name_words(name)` is the name's words as a person reads them, and `organisations.name_key` (generated
// by `org_name_key`) the distinctive part, run together, for spotting look-alikes ("Camden Council",
// "CAMDEN  council.", "Camd3n Council Ltd" all read "camden"): NFKC, case folded, accents dropped, a few
// homoglyphs (Cyrillic and Greek letters, 0/o, 1/l, 3/e, 4/a, 5/s, $/s, @/a, |/l, !/l, rn/m, vv/w) mapped to
// Latin, "&" read as "and", everything but letters and digits dropped, a leading "the" and trailing legal or
// civic forms (ltd, limited, plc, llp, inc, co, company, cic, council, borough, city, county, district)
// removed unless nothing else is left (the words are kept as read too, so an edit inside "Council" is still
// found near "Camden Council"). Verified organisations' keys are unique (a partial unique index), so
// two verified organisations never read the same. Near matches (a small edit distance between keys) are
// found by the app (app/server/organisations/look-alikes.server.ts).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // The name's words as read: "Camd3n  Council, Ltd." → "camden council ltd".
  await sql`
    CREATE FUNCTION org_name_words(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN (
      WITH folded AS (
        SELECT translate(
          regexp_replace(normalize(lower(normalize(name, NFKC)), NFKD), '[\u0300-\u036f]', '', 'g'),
          'аеорсухіјѕԁһкмтвпνοαρικτυχ01345$@|!',
          'aeopcyxijsdhkmtbnvoapiktuxoleassall'
        ) AS s
      )
      SELECT btrim(replace(replace(regexp_replace(replace(s, '&', ' and '), '[^a-z0-9]+', ' ', 'g'), 'rn', 'm'), 'vv', 'w'))
      FROM folded
    )
  `.execute(db);
  // Those words without a leading "the" and trailing legal or civic forms, run together: "camden".
  await sql`
    CREATE FUNCTION org_name_key(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN (
      WITH words AS (SELECT org_name_words(name) AS s),
      trimmed AS (
        SELECT regexp_replace(
          regexp_replace(' ' || s || ' ', '^ the ', ' '),
          '( (ltd|limited|plc|llp|inc|co|company|cic|council|borough|city|county|district))+ *$', ' '
        ) AS s FROM words
      )
      -- A name that is nothing but such words ("The Council") keeps them.
      SELECT coalesce(nullif(replace(trimmed.s, ' ', ''), ''), replace(words.s, ' ', '')) FROM trimmed, words
    )
  `.execute(db);
  await sql`ALTER TABLE organisations ADD COLUMN name_key text GENERATED ALWAYS AS (org_name_key(name)) STORED`.execute(db);
  await sql`CREATE UNIQUE INDEX organisations_verified_name_key_uq ON organisations (name_key) WHERE verified_at IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX organisations_verified_name_key_uq`.execute(db);
  await db.schema.alterTable("organisations").dropColumn("name_key").execute();
  await sql`DROP FUNCTION org_name_key(text)`.execute(db);
  await sql`DROP FUNCTION org_name_words(text)`.execute(db);
}
