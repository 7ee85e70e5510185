// The one place that talks OpenID Connect (decision 040), with openid-client: discovery of an issuer and the
// client configuration for a connection. Plain http to an issuer is allowed only when SSO_ALLOW_INSECURE_HTTP
// says so (the tests' provider on 127.0.0.1; refused in production by env.server.ts), never by default.
//
// Every request to a provider (discovery, keys, token, user info) goes through providerFetch, which sends it
// only to a public address by the webhooks' target rule (decision 039): an organisation administrator's
// issuer must not be a way to make this server read an internal address (169.254.169.254, a database's
// port, …). The host is resolved and every address checked before the request; unlike the webhook
// delivery, the connection is then made by fetch's own look-up, so a name re-pointed between the two could
// still slip through (a narrower window than none; noted in decision 040).
import { lookup } from "node:dns/promises";
import * as client from "openid-client";
import { env } from "../env.server";
import { checkTargetUrl, literalAddress, refusedAddress } from "../webhooks/target-url.server";

/** The error a refused provider address is thrown as; discoveryFailure turns it into words. */
export const PROVIDER_ADDRESS_REFUSED = "CIVIC_PROVIDER_ADDRESS_REFUSED";

type Resolve = (host: string) => Promise<string[]>;
const systemResolve: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** fetch, for a URL whose host is (or resolves only to) a public address; loopback too when SSO_ALLOW_INSECURE_HTTP is on. */
export async function providerFetch(url: string, options: client.CustomFetchOptions, resolve: Resolve = systemResolve): Promise<Response> {
  const rule = { allowLoopback: env().SSO_ALLOW_INSECURE_HTTP === "true" };
  const refuse = (why: string) => Object.assign(new Error(`identity provider address refused: ${why}`), { code: PROVIDER_ADDRESS_REFUSED });
  const checked = checkTargetUrl(url, rule);
  if (!checked.ok) throw refuse(checked.reason);
  const literal = literalAddress(checked.url);
  const addresses = literal ? [literal] : await resolve(checked.url.hostname.replace(/\.$/, ""));
  for (const address of addresses) {
    const refused = refusedAddress(address, rule);
    if (refused) throw refuse(`the host ${refused}`);
  }
  return fetch(url, options as RequestInit);
}

/** How long discovery and every later request to the provider may take, in seconds. */
const PROVIDER_TIMEOUT_S = 10;

export interface ConnectionCredentials {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The issuer's metadata, fetched and checked (its `issuer` must be the address we asked), as a client configuration. */
export function discoverProvider(c: ConnectionCredentials): Promise<client.Configuration> {
  return client.discovery(new URL(c.issuer), c.clientId, c.clientSecret, undefined, {
    execute: env().SSO_ALLOW_INSECURE_HTTP === "true" ? [client.allowInsecureRequests] : [],
    timeout: PROVIDER_TIMEOUT_S,
    // Kept by the configuration for every later request to the provider.
    [client.customFetch]: (url, options) => providerFetch(url, options),
  });
}

/** A reason for the person who typed the issuer, without echoing anything the provider sent back. */
export function discoveryFailure(error: unknown, issuer: string): string {
  const code = errorCode(error);
  const where = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  if (code === PROVIDER_ADDRESS_REFUSED) return "Enter the provider's public issuer address: this one is, or leads to, a private or reserved address";
  if (code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED") {
    return `The provider at ${where} gives a different issuer address: enter the issuer exactly as the provider gives it`;
  }
  if (code === "OAUTH_HTTP_REQUEST_FORBIDDEN" || code === "OAUTH_REQUEST_PROTOCOL_FORBIDDEN") return "Enter an issuer address that starts with https://";
  if (code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || code === "OAUTH_RESPONSE_IS_NOT_JSON" || code === "OAUTH_INVALID_RESPONSE" || code === "OAUTH_PARSE_ERROR") {
    return `${where} is not an OpenID Connect discovery document: check the issuer address`;
  }
  return `We could not reach ${where}: check the issuer address, or try again if the provider is down`;
}

/** The error's code, or its cause's (openid-client may wrap what a fetch threw). */
function errorCode(error: unknown): string {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if ("code" in e && (e as { code: unknown }).code === PROVIDER_ADDRESS_REFUSED) return PROVIDER_ADDRESS_REFUSED;
  }
  return typeof error === "object" && error && "code" in error ? String((error as { code: unknown }).code) : "";
}

export { client };
