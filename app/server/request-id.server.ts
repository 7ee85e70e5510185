// Each request's reference: the one the load balancer sent (X-Request-Id) when it is a plain token, so one
// id follows a request through every hop; otherwise a new one. Anything else a client sends there is not
// trusted: it would go into log lines and onto the error page.
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";
const SANE = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(sent: string | undefined): string {
  return sent !== undefined && SANE.test(sent) ? sent : randomUUID();
}
