import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request Content-Security-Policy nonce, set by server.ts. */
    cspNonce: string;
    /** The client's IP (proxy-aware when TRUST_PROXY=true), for sign-in throttling and the audit trail. */
    clientIp: string;
    /** The request's reference (X-Request-Id), shown on the error page for a person to quote. */
    requestId?: string;
  }
}
