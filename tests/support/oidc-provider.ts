// A real OpenID Connect provider for the single sign-on tests (decision 040): `oidc-provider` on 127.0.0.1,
// one confidential client registered with our redirect URI, PKCE required, and people it knows by e-mail
// address. Its sign-in page is ours for tests: the interaction signs in the account named by the request's
// login_hint (the address typed on /sso/start) and grants the scopes asked, with no screen to fill in.
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

export interface ProviderAccount {
  email?: string;
  email_verified?: boolean | string;
  name?: string;
}

export async function startOidcProvider(opts: { clientId: string; clientSecret: string; redirectUri: string }) {
  const accounts = new Map<string, ProviderAccount>();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const provider = new Provider(issuer, {
    clients: [{
      client_id: opts.clientId, client_secret: opts.clientSecret, redirect_uris: [opts.redirectUri],
      grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_post",
    }],
    jwks: { keys: [{ ...key, kid: "test", use: "sig", alg: "RS256" }] },
    cookies: { keys: ["sso-tests-cookie-key"] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 300, IdToken: 300, AuthorizationCode: 60 },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
    // Consent is not what these tests are about: every scope asked for is granted.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith("/interaction/")) return handle(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const hint = String(details.params.login_hint ?? "");
      const result = accounts.has(hint) ? { login: { accountId: hint } } : { error: "access_denied", error_description: "unknown account" };
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    /** Who the provider signs in for a login_hint, and what it says about them. */
    accounts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser's cookies for the provider's one host (names are unique there; paths do not matter for these tests). */
export function cookieJar() {
  const jar = new Map<string, string>();
  return {
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
    take(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const [pair, ...attrs] = line.split(";");
        const eq = pair!.indexOf("=");
        const name = pair!.slice(0, eq).trim();
        const expired = attrs.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
        if (expired) jar.delete(name);
        else jar.set(name, pair!.slice(eq + 1).trim());
      }
    },
  };
}

/**
 * Follows the provider's redirects as a browser would, from the authorization URL until it sends the browser
 * back to `redirectUri`; that address (with code, state and iss) is returned.
 */
export async function followProvider(authorizationUrl: string, redirectUri: string): Promise<URL> {
  const jar = cookieJar();
  let url = new URL(authorizationUrl);
  for (let hops = 0; hops < 10; hops++) {
    const res = await fetch(url, { headers: { Cookie: jar.header() }, redirect: "manual" });
    jar.take(res);
    const location = res.headers.get("location");
    if (!location) throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer();
    url = new URL(location, url);
    if (url.href.startsWith(redirectUri)) return url;
  }
  throw new Error("the provider did not send the browser back");
}
