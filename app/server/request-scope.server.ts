// What belongs to one HTTP request and to nothing else, for code that is handed only a Request: Remix gives
// each loader of a document request its own copy of the Request (it strips `?index` and `_data` by making a
// new one), so a WeakMap keyed on the Request cannot see that the root and the route asked the same thing.
// server.ts runs each request inside a scope; loaders called directly (tests, scripts) run without one.
import { AsyncLocalStorage } from "node:async_hooks";
import type { SentQuery } from "../../db/client";

export interface RequestScope {
  /** Values computed once for this request, by key (see memoForRequest). */
  readonly memo: Map<string, unknown>;
  /** Queries sent to PostgreSQL while answering it (db/client.ts's onQuery): the query-count tests read it. */
  queries: number;
  /** Each query's SQL and parameters, in the order sent, when the scope was made to record them (tests, bench/web/explain.ts). */
  readonly recorded?: SentQuery[];
  /** The request's reference (server.ts): in its response's X-Request-Id, its log lines and its error page. */
  readonly requestId?: string;
}

// On globalThis, as the connections are: server.ts and the tests import this module from source while the
// build bundles a copy of its own, and a scope one copy opens must be the scope the other's loaders see.
const g = globalThis as typeof globalThis & { __civicRequestScope?: AsyncLocalStorage<RequestScope> };
const storage = (g.__civicRequestScope ??= new AsyncLocalStorage<RequestScope>());

/** `record`: keep every query's SQL and parameters too (never in production: they may carry personal data). */
export function newRequestScope(options: { record?: boolean; requestId?: string } = {}): RequestScope {
  return { memo: new Map(), queries: 0, ...(options.record ? { recorded: [] } : {}), ...(options.requestId ? { requestId: options.requestId } : {}) };
}

/** Runs `fn` (and everything it starts) as one request. */
export function runInRequestScope<T>(fn: () => T, scope: RequestScope = newRequestScope()): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * `make()` once per request under `key`; outside a request scope, every call makes its own. Only for what
 * cannot change while the request is answered: callers decide (the session, for GET and HEAD only).
 */
export function memoForRequest<T>(key: string, make: () => T): T {
  const scope = storage.getStore();
  if (!scope) return make();
  if (!scope.memo.has(key)) scope.memo.set(key, make());
  return scope.memo.get(key) as T;
}

/** Counts a query against the current request, if there is one, and keeps it if the scope records. */
export function countQuery(query: SentQuery) {
  const scope = storage.getStore();
  if (!scope) return;
  scope.queries++;
  scope.recorded?.push({ sql: query.sql, parameters: query.parameters });
}
