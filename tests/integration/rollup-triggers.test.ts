// A relevant change asks for a fresh programme roll-up at once (the schedule is only the backstop).
import { expect, it } from "vitest";
import * as manage from "../../app/routes/my.challenges.$id._index";
import { queue, QUEUES } from "../../jobs/queues";
import { createChallenge, createMember } from "../support/factories";
import { call, postRequest } from "../support/requests";

it("publishing a challenge queues one roll-up, however many changes follow", async () => {
  const body = await createMember("public_body", { verified: true });
  const a = await createChallenge(body.orgId, { status: "draft" });
  const b = await createChallenge(body.orgId, { status: "draft" });
  expect(await queue(QUEUES.dashboards).getJob("programme-rollup")).toBeUndefined();
  for (const c of [a, b]) {
    expect((await call(manage.action, postRequest(`/my/challenges/${c.id}`, { intent: "publish", confirm: "yes" }, body.cookie), { id: c.id })).status).toBe(302);
  }
  const job = await queue(QUEUES.dashboards).getJob("programme-rollup");
  expect(job?.name).toBe("programme-rollup");
  expect(await queue(QUEUES.dashboards).getJobCounts("waiting", "delayed")).toMatchObject({ waiting: 1 });
});
