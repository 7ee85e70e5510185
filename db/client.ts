// The one way to open the database: Kysely over postgres.js.
import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

/** The app's own role and database on this machine (trust authentication on localhost). See db/roles.ts. */
export const DEFAULT_DATABASE_URL = "postgres://civic_app@127.0.0.1:5432/civic_challenge";

/** A query as it was sent: its SQL with placeholders ($1, $2…) and the values bound to them. */
export interface SentQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** `onQuery` is told of every query sent (the web process counts them per request: request-scope.server.ts). */
export function createDb(url: string, options: { max?: number; onQuery?: (query: SentQuery) => void } = {}): DB {
  const pg = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // bigint and numeric arrive as strings by default; counts we convert where they are read.
    types: {},
  });
  const onQuery = options.onQuery;
  return new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: pg }), log: onQuery ? (event) => onQuery(event.query) : undefined });
}

/** Connection URL for the maintenance database on the same server (to create or drop databases). */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}
