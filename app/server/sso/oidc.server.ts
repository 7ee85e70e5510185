// The one place that talks OpenID Connect (decision 040), with openid-client: discovery of an issuer and the
// client configuration for a connection. Plain http to an issuer is allowed only when SSO_ALLOW_INSECURE_HTTP
// says so (the tests' provider on 127.0.0.1; refused in production by env.server.ts), never by default.
import * as client from "openid-client";
import { env } from "../env.server";

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
  });
}

/** A reason for the person who typed the issuer, without echoing anything the provider sent back. */
export function discoveryFailure(error: unknown, issuer: string): string {
  const code = typeof error === "object" && error && "code" in error ? String((error as { code: unknown }).code) : "";
  const where = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  if (code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED") {
    return `The provider at ${where} gives a different issuer address: enter the issuer exactly as the provider gives it`;
  }
  if (code === "OAUTH_HTTP_REQUEST_FORBIDDEN" || code === "OAUTH_REQUEST_PROTOCOL_FORBIDDEN") return "Enter an issuer address that starts with https://";
  if (code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || code === "OAUTH_RESPONSE_IS_NOT_JSON" || code === "OAUTH_INVALID_RESPONSE" || code === "OAUTH_PARSE_ERROR") {
    return `${where} is not an OpenID Connect discovery document: check the issuer address`;
  }
  return `We could not reach ${where}: check the issuer address, or try again if the provider is down`;
}

export { client };
