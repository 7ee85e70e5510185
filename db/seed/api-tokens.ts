// Camden Council's API tokens page (decision 038): one token in use and one revoked, each made (and the old
// one revoked) through the page's own commands, so the audit trail has both. The tokens themselves are
// dropped here: they are shown once, to whoever makes them, and a demo that printed one would teach the
// wrong habit. To try the API, make a token on the page.
import { createApiToken, createTokenSchema, revokeApiToken } from "../../app/server/api/tokens.server";
import type { Cast } from "./cast";
import { form, signedIn } from "./support";

const TOKENS = [
  { name: "Council data warehouse", scope: "read", revoke: false },
  { name: "Old dashboard (replaced)", scope: "read", revoke: true },
] as const;

export async function seedApiTokens(cast: Cast): Promise<void> {
  const camden = cast.member("camden");
  const orgId = cast.orgId("camden");
  const path = `/organisations/${orgId}/api-tokens`;
  for (const t of TOKENS) {
    const made = await createApiToken(await signedIn(camden, path), orgId, camden.userId, form(createTokenSchema, { intent: "create", name: t.name, scope: t.scope }));
    if (!made.ok) throw new Error(`demo seed: Camden could not make the API token "${t.name}" (${made.reason})`);
    if (t.revoke) {
      const revoked = await revokeApiToken(await signedIn(camden, path), orgId, camden.userId, made.id);
      if (!revoked.ok) throw new Error(`demo seed: Camden could not revoke the API token "${t.name}" (${revoked.reason})`);
    }
  }
}
