// The production build served in-process by our Express server, on a free loopback port.
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { createServer } from "../../server";

export async function startAppServer() {
  const build = (await import("../../build/index.js")) as unknown as ServerBuild;
  const { app } = await createServer(build);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
