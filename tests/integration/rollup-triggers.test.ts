// A relevant change asks for a fresh programme roll-up at once (the schedule is only the backstop), and a
// burst of changes is counted by one roll-up, run a moment later.
import { expect, it } from "vitest";
import * as manage from "../../app/routes/my.challenges.$id._index";
import { ROLLUP_DELAY_MS } from "../../app/server/dashboards/rollup-request.server";
import { queue, QUEUES } from "../../jobs/queues";
import { createChallenge, createMember } from "../support/factories";
import { call, postRequest } from "../support/requests";

it("publishing challenges queues one roll-up, however many changes follow, to run after the delay", async () => {
  const body = await createMember("public_body", { verified: true });
  const challenges = await Promise.all([1, 2, 3].map(() => createChallenge(body.orgId, { status: "draft" })));
  const dashboards = queue(QUEUES.dashboards);
  expect(await dashboards.getJobCounts("waiting", "delayed", "active")).toMatchObject({ waiting: 0, delayed: 0, active: 0 });
  // Sent together, as a deadline day's changes arrive.
  const answers = await Promise.all(challenges.map((c) =>
    call(manage.action, postRequest(`/my/challenges/${c.id}`, { intent: "publish", confirm: "yes" }, body.cookie), { id: c.id })));
  expect(answers.map((a) => a.status)).toEqual([302, 302, 302]);
  expect(await dashboards.getJobCounts("waiting", "delayed")).toMatchObject({ waiting: 0, delayed: 1 });
  const [job] = await dashboards.getJobs(["delayed"]);
  expect(job?.name).toBe("programme-rollup");
  expect(job?.opts.delay).toBe(ROLLUP_DELAY_MS);
});
