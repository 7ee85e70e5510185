// db/schema.ts is written by hand beside the migrations (issue 14): this fails when the two disagree, so a
// migration that adds, drops or relaxes a column without the types (or types without a migration) is
// caught here rather than by a query that compiles against columns the database does not have.
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerSql } from "../support/owner-db";
import {
  databaseSchema, declaredSchema, FILLED_BY_TRIGGER, GENERATED_NEVER_NULL, schemaDrift, type DeclaredColumn, type Schema,
} from "../support/schema-drift";

let sql: postgres.Sql;
let declared: Schema<DeclaredColumn>;

beforeAll(() => {
  sql = ownerSql();
  // The TypeScript checker takes some seconds on a busy machine: read the types once.
  declared = declaredSchema();
});

afterAll(async () => {
  await sql.end();
});

describe("db/schema.ts and the migrated database", () => {
  it("declare the same tables and columns, with the same nullability and defaults", async () => {
    expect(schemaDrift(declared, await databaseSchema(sql))).toEqual([]);
  });

  it("excuses only columns that exist: generated ones that cannot be null, NOT NULL ones a trigger fills", async () => {
    const actual = await databaseSchema(sql);
    const column = (at: string) => actual.get(at.split(".")[0]!)?.get(at.split(".")[1]!);
    for (const at of Object.keys(GENERATED_NEVER_NULL)) expect({ at, ...column(at) }).toMatchObject({ at, generated: true });
    for (const at of Object.keys(FILLED_BY_TRIGGER)) expect({ at, ...column(at) }).toMatchObject({ at, nullable: false, hasDefault: false });
  });

  it("reports a column or table the types do not have, a relaxed NOT NULL, a dropped default", async () => {
    // Drift made in this file's own database, and undone whatever happens (later tests see the real schema).
    const undo = [
      "ALTER TABLE pilots DROP COLUMN drift_probe",
      "ALTER TABLE kpis ALTER COLUMN unit SET NOT NULL",
      "ALTER TABLE pairings ALTER COLUMN locked SET DEFAULT false",
      "DROP TABLE drift_probe_table",
    ];
    try {
      await sql.unsafe("ALTER TABLE pilots ADD COLUMN drift_probe text");
      await sql.unsafe("ALTER TABLE kpis ALTER COLUMN unit DROP NOT NULL");
      await sql.unsafe("ALTER TABLE pairings ALTER COLUMN locked DROP DEFAULT");
      await sql.unsafe("CREATE TABLE drift_probe_table (id int)");
      expect(schemaDrift(declared, await databaseSchema(sql))).toEqual([
        "table drift_probe_table is in the database but not in db/schema.ts",
        "kpis.unit is NULLable but its type has no `| null`",
        "pairings.locked is NOT NULL with no default, so an insert must give it, but its type lets an insert leave it out",
        "pilots.drift_probe is in the database but not in db/schema.ts",
      ]);
    } finally {
      for (const statement of undo) await sql.unsafe(statement).catch(() => {});
    }
    expect(schemaDrift(declared, await databaseSchema(sql))).toEqual([]);
  });

  it("reports types for what the database does not have, a nullable type for NOT NULL, a default the types ignore", async () => {
    const actual = await databaseSchema(sql);
    const types: Schema<DeclaredColumn> = new Map([...declared].map(([t, cols]) => [t, new Map(cols)]));
    types.set("ghosts", new Map([["id", { nullable: false, insert: "optional" }]]));
    types.get("teams")!.set("ghost_column", { nullable: false, insert: "required" });
    types.get("pilots")!.set("title", { nullable: true, insert: "optional" });
    types.get("reviews")!.set("manual", { nullable: false, insert: "required" });
    expect(schemaDrift(types, actual)).toEqual([
      "table ghosts is in db/schema.ts but not in the database",
      "pilots.title is NOT NULL but its type allows null",
      "pilots.title is NOT NULL with no default, so an insert must give it, but its type lets an insert leave it out",
      "reviews.manual has a default, but its type makes every insert give it (Generated<> is the convention)",
      "teams.ghost_column is in db/schema.ts but not in the database",
    ]);
  });

  it("reads the types as Kysely does: | null, Generated<>, columns an insert cannot give", () => {
    expect(declared.get("pilots")!.get("starts_on")).toEqual({ nullable: true, insert: "optional" });
    expect(declared.get("pilots")!.get("title")).toEqual({ nullable: false, insert: "required" });
    expect(declared.get("pilots")!.get("status")).toEqual({ nullable: false, insert: "optional" });
    expect(declared.get("organisations")!.get("name_key")).toEqual({ nullable: false, insert: "never" });
    expect(declared.get("job_runs")!.get("result")).toEqual({ nullable: "either", insert: "optional" });
  });
});
