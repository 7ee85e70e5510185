// db/schema.ts is kept by hand beside the migrations; this compares the two so a column added, dropped or
// made NULLable in a migration but not in the types (or the other way round) fails a test instead of
// surfacing as a wrong type in a query. The types are read the way Kysely reads them: the TypeScript
// checker evaluates Selectable<> and Insertable<> of every table in `Database`.
import { fileURLToPath } from "node:url";
import type postgres from "postgres";
import ts from "typescript";

/** What a column's type promises: `| null` on reading, and whether an insert must, may or cannot give it. */
export interface DeclaredColumn {
  /** "either" for `unknown` (JSON read as it comes), which admits null without saying so. */
  nullable: boolean | "either";
  insert: "required" | "optional" | "never";
}

/** What the migrated database says about a column. */
export interface ActualColumn {
  nullable: boolean;
  /** A DEFAULT, an identity or a generated column: an insert may leave it out. */
  hasDefault: boolean;
  /** GENERATED ALWAYS AS (…) STORED: PostgreSQL reports these NULLable whatever the expression. */
  generated: boolean;
}

export type Schema<C> = Map<string, Map<string, C>>;

const SCHEMA_PATH = fileURLToPath(new URL("../../db/schema.ts", import.meta.url));

/**
 * NOT NULL columns without a default that an insert may still leave out, because a trigger fills them
 * (the mismatch the comparison would otherwise report). Each says why.
 */
export const FILLED_BY_TRIGGER: Record<string, string> = {
  // migration 2026-12-01T1210_judge_conflicts_by_user: an insert that names only the judge row gets the judge's user.
  "judge_conflicts.user_id": "copied from judge_id by a trigger",
};

/**
 * Generated columns computed from NOT NULL columns by expressions that never give null: PostgreSQL still
 * calls them NULLable, and `| null` in their types would only make every reader check for what cannot
 * happen. Each says why it cannot.
 */
export const GENERATED_NEVER_NULL: Record<string, string> = {
  "challenges.search_vector": "to_tsvector of title, summary and problem_statement, all NOT NULL",
  "organisations.name_key": "org_name_key(name) of a NOT NULL name, which ends in coalesce() of non-null text",
};

/** The tables and columns db/schema.ts declares in `Database`, as Kysely's Selectable<> and Insertable<> see them. */
export function declaredSchema(schemaPath = SCHEMA_PATH): Schema<DeclaredColumn> {
  const probePath = schemaPath.replace(/\.ts$/, ".drift-probe.ts");
  const probe = `import type { Insertable, Selectable } from "kysely";
import type { Database } from "./${schemaPath.split("/").pop()!.replace(/\.ts$/, "")}";
export type Read = { [T in keyof Database]: Selectable<Database[T]> };
export type Write = { [T in keyof Database]: Insertable<Database[T]> };
`;
  // Only Node's types and the ES library: the schema needs Kysely's types and Buffer, nothing else, and
  // loading less (no React, no DOM) keeps this quicker.
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: true, types: ["node"], lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  // The probe exists only in memory: nothing is written beside the schema.
  host.readFile = (f) => (f === probePath ? probe : readFile(f));
  host.fileExists = (f) => f === probePath || fileExists(f);
  host.getSourceFile = (f, v, onError, create) => (f === probePath ? ts.createSourceFile(f, probe, v) : getSourceFile(f, v, onError, create));
  const program = ts.createProgram([probePath], options, host);
  const errors = [probePath, schemaPath].flatMap((f) => program.getSemanticDiagnostics(program.getSourceFile(f)));
  if (errors.length) throw new Error(`db/schema.ts does not typecheck: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, "\n")}`);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probePath)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const typeOf = (name: string) => checker.getDeclaredTypeOfSymbol(exported.find((s) => s.name === name)!);
  const read = typeOf("Read");
  const write = typeOf("Write");

  const tables: Schema<DeclaredColumn> = new Map();
  for (const table of read.getProperties()) {
    const readRow = checker.getTypeOfSymbol(table);
    const writeRow = checker.getTypeOfSymbol(write.getProperty(table.name)!);
    const columns = new Map<string, DeclaredColumn>();
    for (const column of readRow.getProperties()) {
      const writeColumn = writeRow.getProperty(column.name);
      const readType = checker.getTypeOfSymbol(column);
      const nullable = readType.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)
        ? "either"
        : (readType.isUnion() ? readType.types : [readType]).some((t) => (t.flags & ts.TypeFlags.Null) !== 0);
      const insert = !writeColumn ? "never" : (writeColumn.flags & ts.SymbolFlags.Optional) !== 0 ? "optional" : "required";
      columns.set(column.name, { nullable, insert });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

/** The base tables of the public schema (the migrator's own two left out) and their columns. */
export async function databaseSchema(sql: postgres.Sql): Promise<Schema<ActualColumn>> {
  const rows = await sql<{ table_name: string; column_name: string; is_nullable: string; has_default: boolean; generated: boolean }[]>`
    SELECT c.table_name, c.column_name, c.is_nullable,
           (c.column_default IS NOT NULL OR c.is_identity = 'YES' OR c.is_generated = 'ALWAYS') AS has_default,
           c.is_generated = 'ALWAYS' AS generated
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      AND c.table_name NOT IN ('kysely_migration', 'kysely_migration_lock')
    ORDER BY c.table_name, c.ordinal_position`;
  const tables: Schema<ActualColumn> = new Map();
  for (const r of rows) {
    if (!tables.has(r.table_name)) tables.set(r.table_name, new Map());
    tables.get(r.table_name)!.set(r.column_name, { nullable: r.is_nullable === "YES", hasDefault: r.has_default, generated: r.generated });
  }
  return tables;
}

/** Every difference between the declared and the migrated schema, one sentence each; empty when they agree. */
export function schemaDrift(declared: Schema<DeclaredColumn>, actual: Schema<ActualColumn>): string[] {
  const drift: string[] = [];
  for (const table of actual.keys()) if (!declared.has(table)) drift.push(`table ${table} is in the database but not in db/schema.ts`);
  for (const table of declared.keys()) if (!actual.has(table)) drift.push(`table ${table} is in db/schema.ts but not in the database`);
  for (const [table, columns] of actual) {
    const types = declared.get(table);
    if (!types) continue;
    for (const name of types.keys()) if (!columns.has(name)) drift.push(`${table}.${name} is in db/schema.ts but not in the database`);
    for (const [name, column] of columns) {
      const type = types.get(name);
      const at = `${table}.${name}`;
      if (!type) {
        drift.push(`${at} is in the database but not in db/schema.ts`);
        continue;
      }
      const neverNull = column.generated && at in GENERATED_NEVER_NULL;
      if (column.nullable && type.nullable === false && !neverNull) drift.push(`${at} is NULLable but its type has no \`| null\``);
      if (!column.nullable && type.nullable === true) drift.push(`${at} is NOT NULL but its type allows null`);
      // An insert that leaves out a NOT NULL column with no default fails in the database, not in the compiler.
      if (!column.nullable && !column.hasDefault && type.insert !== "required" && !(at in FILLED_BY_TRIGGER)) {
        drift.push(`${at} is NOT NULL with no default, so an insert must give it, but its type lets an insert leave it out`);
      }
      // A column the database fills by default is Generated<> (or a ColumnType whose insert may be undefined).
      if (column.hasDefault && !column.nullable && type.insert === "required") {
        drift.push(`${at} has a default, but its type makes every insert give it (Generated<> is the convention)`);
      }
    }
  }
  return drift;
}
