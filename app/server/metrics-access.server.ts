// Who may read /metrics (the web's and the worker's): a scraper holding METRICS_TOKEN (decision 036).
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Who may scrape: 404 when no token is configured (the page is not there at all), 401 without the right
 * bearer token. Both sides are hashed first, so the comparison takes the same time whatever was sent.
 */
export function metricsAccess(configured: string | undefined, authorization: string | undefined): 200 | 401 | 404 {
  if (!configured) return 404;
  const sent = /^Bearer (\S+)$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(sent), digest(configured)) ? 200 : 401;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
