// Cross-site request forgery defence, as Lucia's guide recommends: a state-changing request must carry
// an Origin header naming this site — its scheme, host and port, all three — or one of the configured
// extra origins. SameSite=Lax cookies are the second layer.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** `scheme://host[:port]`, normalised as browsers serialise it (lower case, default port left out); null if none. */
function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * `ownOrigin` is the request's own `scheme://host[:port]`: server.ts builds it from the scheme Express
 * sees (the socket's, or X-Forwarded-Proto only when TRUST_PROXY trusts the proxy) and the Host header.
 */
export function isAllowedOrigin(method: string, origin: string | undefined | null, ownOrigin: string | undefined | null, extra: string[] = []): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const claimed = origin ? originOf(origin) : null;
  if (!claimed || !ownOrigin) return false;
  return claimed === originOf(ownOrigin) || extra.some((e) => originOf(e) === claimed);
}
