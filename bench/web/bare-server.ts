// The floor for bench/web: a bare node:http server that answers each page's path with the status,
// content type and bytes the app sent for it, and does nothing else. It runs as a process of its own, so
// the benchmark's event loop and the app's never share a core-second with it while wrk measures it.
//
//   node --import tsx bench/web/bare-server.ts <pages.json>    (prints "port <n>" once it listens)
//
// pages.json: [{ "path": "/challenges", "status": 200, "contentType": "text/html; charset=utf-8", "body": "<base64>" }]
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

interface BarePage { path: string; status: number; contentType: string; body: string }

const pages = new Map(
  (JSON.parse(readFileSync(process.argv[2]!, "utf8")) as BarePage[])
    .map((p) => [p.path, { status: p.status, contentType: p.contentType, body: Buffer.from(p.body, "base64") }]),
);

const server = createServer((req, res) => {
  const page = pages.get(req.url ?? "");
  if (!page) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not a benchmarked page");
    return;
  }
  res.writeHead(page.status, { "Content-Type": page.contentType, "Content-Length": page.body.length }).end(page.body);
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`port ${(server.address() as { port: number }).port}\n`);
});
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
