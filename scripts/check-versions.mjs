// Fails when a package we depend on is older than the release carrying a fix we rely on.
import { readFileSync } from "node:fs";
import semver from "semver";

const MINIMUM = {
  "@remix-run/node": "2.17.5",
  "@remix-run/react": "2.17.5",
  "@remix-run/express": "2.17.5",
  "@remix-run/dev": "2.17.5",
  "@remix-run/router": "1.23.3", // security fixes
  bullmq: "6.3.3", // workers resume after a Redis outage
};

const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"));
let failed = false;
for (const [name, min] of Object.entries(MINIMUM)) {
  const versions = Object.entries(lock.packages)
    .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
    .map(([, info]) => info.version);
  if (versions.length === 0) {
    console.error(`${name}: not installed`);
    failed = true;
  }
  for (const v of versions) {
    const ok = semver.gte(v, min);
    console.log(`${ok ? "ok  " : "OLD "} ${name}@${v} (needs >= ${min})`);
    if (!ok) failed = true;
  }
}
const remix = new Set(Object.entries(lock.packages).filter(([p]) => /node_modules\/@remix-run\/(node|react|express|dev|server-runtime)$/.test(p)).map(([, i]) => i.version));
if (remix.size > 1) {
  console.error(`@remix-run/* packages are at different versions: ${[...remix].join(", ")}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
