// Responses thrown from loaders and actions. Remix renders them in the nearest ErrorBoundary, so a user
// sees a clear page and a data request sees the status, never the data.
/** Set by server.ts from the socket (or the trusted proxy), replacing anything the client sent. */
export const CLIENT_IP_HEADER = "x-civic-client-ip";

export function notFound(message = "Page not found"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "You do not have permission to do that"): never {
  throw new Response(message, { status: 403, statusText: "Forbidden" });
}

export function badRequest(message = "The request could not be understood"): never {
  throw new Response(message, { status: 400, statusText: "Bad Request" });
}

export function tooManyRequests(retryAfterSeconds: number, message = "Too many attempts"): never {
  throw new Response(message, {
    status: 429,
    statusText: "Too Many Requests",
    headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
}

/** 503 with Retry-After: the service is busy with this kind of request, not broken. */
export function serviceUnavailable(retryAfterSeconds: number, message: string): never {
  throw new Response(message, {
    status: 503,
    statusText: "Service Unavailable",
    headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))), "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** Any origin serves: the answer is a path, and a path resolves on whichever origin the page has. */
const RESOLVE_AGAINST = "https://our.invalid";

/**
 * A user-supplied target to send the browser to, decided as the browser will resolve it: resolved with
 * WHATWG URL against our origin, it must stay on our origin, and what is returned is the resolved,
 * normalised path (pathname + search + hash), so `/.//evil.example`, `/a/..//x`, `/%2e//x` (the dots
 * collapse into `//x`, a host) and schemes are refused, and the string returned means the same from any
 * page of ours. Control characters and backslashes are refused before resolving (no honest path has them).
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, RESOLVE_AGAINST);
  } catch {
    return fallback;
  }
  if (url.origin !== RESOLVE_AGAINST) return fallback;
  const path = url.pathname + url.search + url.hash;
  // A pathname that resolved to `//host…` is a network-path reference when sent back as a string.
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}

/** Longest address kept to come back to after signing in; a longer one comes back to its page alone. */
const MAX_RETURN_PATH = 1_000;

/**
 * Where to bring a user back to after signing in or setting up a second factor: this page and its query,
 * without Remix's data-request parameters, and bounded, so a long query is never echoed into a header.
 */
export function returnPath(url: URL): string {
  const search = new URLSearchParams(url.search);
  search.delete("_data");
  const query = search.toString();
  const path = url.pathname + (query ? `?${query}` : "");
  return path.length <= MAX_RETURN_PATH ? path : url.pathname.slice(0, MAX_RETURN_PATH);
}
