// Cross-site request forgery defence, as Lucia's guide recommends: a state-changing request must carry
// an Origin header naming this site. SameSite=Lax cookies are the second layer.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isAllowedOrigin(method: string, origin: string | undefined | null, host: string | undefined | null, extra: string[] = []): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!origin || !host) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  return originHost === host || extra.includes(origin);
}
