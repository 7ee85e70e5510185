// The programme's vocabulary: themes, areas and kinds of in-kind support, for filtering and describing challenges.
import { sql } from "kysely";
import { audit } from "./audit.server";
import { db } from "./connections.server";
import { createReferenceCache } from "./reference-cache.server";

/**
 * The names of the themes, or kinds of in-kind support, whose slugs a text[] column holds, in the
 * vocabulary's order: pages show names ("Test sites"), never slugs ("test-sites").
 */
export const themeNamesOf = (column: string) =>
  sql<string[]>`array(SELECT t.name FROM themes t WHERE t.slug = ANY(${sql.ref(column)}) ORDER BY t.name)`;
export const inKindNamesOf = (column: string) =>
  sql<string[]>`array(SELECT k.name FROM in_kind_types k WHERE k.slug = ANY(${sql.ref(column)}) ORDER BY k.id)`;

const reference = createReferenceCache();

/** The themes, by name: kept for REFERENCE_DATA_TTL_MS (reference-cache.server.ts), forgotten when one is added here. */
export function listThemes() {
  return reference.get("themes", () => db().selectFrom("themes").select(["id", "slug", "name", "description"]).orderBy("name").execute());
}

/** The areas, by name: kept for REFERENCE_DATA_TTL_MS (they change only with a migration or the seed). */
export function listAreas() {
  return reference.get("areas", () => db().selectFrom("areas").select(["id", "slug", "name"]).orderBy("name").execute());
}

export async function themeExists(id: number) {
  return !!(await db().selectFrom("themes").select("id").where("id", "=", id).executeTakeFirst());
}

export async function unknownAreaIds(ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await db().selectFrom("areas").select("id").where("id", "in", ids).execute();
  const known = new Set(found.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

/** The slug a name is filed under: "Data access" → "data-access". */
const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/**
 * Adds a theme, or a kind of in-kind support sponsors can offer, with its audit row. Undefined when one of
 * that name (slug) is already on the list.
 */
export async function addToVocabulary(request: Request, list: "themes" | "in_kind_types", input: { name: string; description?: string }) {
  return db().transaction().execute(async (tx) => {
    const slug = slugOf(input.name);
    const added = list === "themes"
      ? await tx.insertInto("themes").values({ name: input.name, slug, description: input.description ?? "" })
        .onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst()
      : await tx.insertInto("in_kind_types").values({ name: input.name, slug })
        .onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst();
    if (added) await audit(tx, request, { action: "vocabulary.updated", detail: { list, slug } });
    return added;
  }).then((added) => {
    // After the commit: a page that read the list meanwhile cannot keep the old one here.
    if (added && list === "themes") reference.forget("themes");
    return added;
  });
}
