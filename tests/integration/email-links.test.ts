// Links in e-mails and notices are built from APP_URL, never from the request: a forged Host (or
// X-Forwarded-Host) header cannot make the service mail a judge an invitation — a secret, single-use link —
// that points at another site. Over HTTP against the production build, with raw requests so any Host can be sent.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/server/connections.server";
import { resetEnvCache } from "../../app/server/env.server";
import { createChallenge, createMember } from "../support/factories";
import { startAppServer } from "../support/server";

const APP_URL = "https://challenge.city.example";
let app: Awaited<ReturnType<typeof startAppServer>>;
const appUrlBefore = process.env.APP_URL;
beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  resetEnvCache();
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
  if (appUrlBefore === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = appUrlBefore;
  resetEnvCache();
});

/** A form POST with exactly these headers (Host included), as a client that forges them would send it. */
function rawPost(path: string, fields: Record<string, string>, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams(fields).toString();
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body), ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("invitation links come from APP_URL", () => {
  it("whatever Host or X-Forwarded-Host the request names", async () => {
    const owner = await createMember("public_body");
    const challenge = await createChallenge(owner.orgId);
    const own = new URL(app.url).host;
    const forgeries: Record<string, string>[] = [
      { Host: "evil.example", Origin: "http://evil.example" },
      { Host: "evil.example:8443", Origin: "http://evil.example:8443" },
      { Host: own, Origin: app.url, "X-Forwarded-Host": "evil.example:666" },
      { Host: own, Origin: app.url, "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" },
    ];
    let n = 0;
    for (const headers of forgeries) {
      const email = `judge.${n++}@example.org`;
      const res = await rawPost(`/my/challenges/${challenge.id}/judges?_data=routes/my.challenges.$id.judges`, { email }, { ...headers, Cookie: owner.cookie });
      expect(res.status, JSON.stringify(headers)).toBe(200);
      const shown = (JSON.parse(res.body) as { invited: { link: string } }).invited.link;
      expect(shown, JSON.stringify(headers)).toMatch(new RegExp(`^${APP_URL.replace(/\./g, "\\.")}/judge/invitations/[a-z2-7]{32}$`));
      const mail = await db().selectFrom("notifications").select("body").where("to_email", "=", email).executeTakeFirstOrThrow();
      expect(mail.body).toContain(shown);
      expect(mail.body).not.toContain("evil.example");
      // Every link in it is ours.
      for (const link of mail.body.match(/https?:\/\/\S+/g) ?? []) expect(link.startsWith(`${APP_URL}/`), link).toBe(true);
    }
  });
});
