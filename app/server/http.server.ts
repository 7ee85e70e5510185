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

/** Only our own absolute paths: refuses `//host`, `/\host`, schemes and anything odd. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\\]/.test(to)) return fallback;
  try {
    const url = new URL(to, "http://local.invalid");
    if (url.origin !== "http://local.invalid") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
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
