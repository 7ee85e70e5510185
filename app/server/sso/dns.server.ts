// The DNS look-up that proves an organisation controls an e-mail domain (decision 040). The servers asked
// are the system's, or SSO_DNS_SERVERS (the tests answer from a DNS server of their own on 127.0.0.1).
import { Resolver } from "node:dns/promises";
import { env } from "../env.server";

/** The TXT records at `name` (each in its chunks); none when the name or the record does not exist. */
export async function lookupTxt(name: string): Promise<string[][] | "unavailable"> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  const servers = env().SSO_DNS_SERVERS;
  if (servers) resolver.setServers(servers.split(",").map((s) => s.trim()));
  try {
    return await resolver.resolveTxt(name);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA") return [];
    return "unavailable";
  }
}
