// The one gate of /api/org/*: `Authorization: Bearer <token>` and nothing else (decision 038). Cookies are
// never read here, so a browser's session cannot be ridden into the API and there is no CSRF surface. Every
// refusal is JSON: 401 with WWW-Authenticate (RFC 6750) for a missing, malformed, unknown or revoked token,
// alike; 429 with Retry-After when the token has used its requests for the minute; 403 for a token whose
// scope does not cover the endpoint.
import { RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env.server";
import { sharedLimiter, type Limiter } from "../rate-limits.server";
import { authenticateApiToken, scopeAllows, touchApiToken, type ApiCaller, type ApiTokenScope } from "./tokens.server";

const REALM = 'Bearer realm="civic-api"';

/** A JSON answer of the org API: never cached by anyone (each caller sees its own organisation's data). */
export function apiJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store", ...init.headers },
  });
}

function refuse(status: 401 | 403 | 429, error: string, headers: Record<string, string>): never {
  throw apiJson({ error }, { status, headers });
}

let limiterFor: (() => Promise<Limiter>) | undefined;
/** Per token, per minute, shared by every web process (rate-limits.server); made on first use, from API_RATE_LIMIT. */
function tokenLimiter(): Promise<Limiter> {
  limiterFor ??= sharedLimiter("api-token", { points: env().API_RATE_LIMIT, duration: 60 });
  return limiterFor();
}

/** The bearer token of the request, or null when there is none in the one form RFC 6750 gives. */
export function bearerToken(request: Request): string | null {
  return /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.get("Authorization") ?? "")?.[1] ?? null;
}

/** The calling token's organisation and scope, or a thrown JSON refusal (401, 429, 403, in that order). */
export async function requireApiToken(request: Request, needed: ApiTokenScope): Promise<ApiCaller> {
  const token = bearerToken(request);
  if (!token) refuse(401, "Send an organisation API token: Authorization: Bearer <token>", { "WWW-Authenticate": REALM });
  const caller = await authenticateApiToken(token);
  if (!caller) refuse(401, "The API token is not valid: it may have been revoked", { "WWW-Authenticate": `${REALM}, error="invalid_token"` });
  try {
    await (await tokenLimiter()).consume(caller.tokenId);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    refuse(429, `Too many requests with this token: try again in ${seconds} seconds`, { "Retry-After": String(seconds) });
  }
  if (!scopeAllows(caller.scope, needed)) {
    refuse(403, `This token's scope is ${caller.scope}; this needs ${needed}`, { "WWW-Authenticate": `${REALM}, error="insufficient_scope", scope="${needed}"` });
  }
  await touchApiToken(caller.tokenId);
  return caller;
}
