// Label values for /metrics that a client cannot multiply: status classes and known methods only.

/** Status classes, not codes: "2xx"…"5xx". */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** A method a client invented is counted as "other", for the same reason. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "other";
}
