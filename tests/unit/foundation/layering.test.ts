// The layering is enforced by ESLint (eslint.config.js, decision 017), which CI runs over the tree. This
// checks the rule itself: an import against the direction, from each layer, is an error; the allowed ones are not.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

describe("the layering rule", { timeout: 60_000 }, () => {
  it("refuses imports against the direction", async () => {
    const against: [string, string][] = [
      ["app/rules/x.ts", 'import { db } from "../server/connections.server";'],
      ["app/rules/x.ts", 'import { sql } from "kysely";'],
      ["app/rules/x.ts", 'import { readFile } from "node:fs/promises";'],
      ["app/rules/match/x.ts", 'import { Queue } from "bullmq";'],
      ["app/rules/x.ts", 'import { startWorker } from "../../jobs/worker";'],
      ["jobs/x.ts", 'import { loader } from "../app/routes/dashboard";'],
      ["jobs/pairing/x.ts", 'import { Tag } from "../../app/components/tag";'],
      ["app/server/x.server.ts", 'import { startWorker } from "../../jobs/worker";'],
      ["app/server/pairing/x.server.ts", 'import { pairTeams } from "../../../jobs/pairing/pair-teams";'],
      ["app/server/x.server.ts", 'import { loader } from "~/routes/dashboard";'],
      ["app/routes/x.tsx", 'import { assignJudges } from "../../jobs/judging/assign-judges";'],
      ["app/lib/x.ts", 'import { executeRun } from "../../jobs/runs";'],
      ["app/routes/x.tsx", 'import { db } from "~/server/connections.server";'],
      ["app/routes/x.tsx", 'import { audit } from "~/server/audit.server";'],
      ["app/routes/x.tsx", 'import { auditProposalViews } from "../server/audit.server";'],
    ];
    for (const [file, code] of against) expect(await restricted(file, `${code}\nexport {};\n`), `${file}: ${code}`).toHaveLength(1);
  });

  it("allows the imports along it", async () => {
    const along: [string, string][] = [
      ["app/rules/pairing/x.ts", 'import { solveBMatching } from "../match/solver";'],
      ["app/rules/score/x.ts", 'import { z } from "zod";'],
      ["app/server/x.server.ts", 'import { enqueueRun } from "../../jobs/queues";'],
      ["app/server/x.server.ts", 'import { pilotStatus } from "../rules/pilots/status";'],
      ["jobs/x.ts", 'import { notifyAll } from "../app/server/notifications.server";'],
      ["jobs/x.ts", 'import { solveBMatching } from "../app/rules/match/solver";'],
      ["app/routes/x.tsx", 'import { PILOT_STATUS_LABEL } from "~/rules/pilots/status";'],
      ["app/server/x.server.ts", 'import { audit } from "./audit.server";'],
    ];
    for (const [file, code] of along) expect(await restricted(file, `${code}\nexport {};\n`), `${file}: ${code}`).toEqual([]);
  });
});
