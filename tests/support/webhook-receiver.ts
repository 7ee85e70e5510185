// A webhook receiver for the tests (decision 039): a real HTTP server on 127.0.0.1 that records every
// request and answers what the test tells it (fail the first N, always fail, redirect, hang).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: (path?: string) => string;
  port: number;
  received: Received[];
  /** What to answer the n-th request (from 0); 200 unless set. "hang" never answers. */
  answer: (n: number) => number | "hang";
  close: () => Promise<void>;
}

export async function startReceiver(delayMs = 0): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<() => void>();
  const r = { received, answer: () => 200 } as unknown as Receiver;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const n = received.length;
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const a = r.answer(n);
      if (a === "hang") {
        hanging.add(() => res.destroy());
        return;
      }
      setTimeout(() => {
        if (a >= 300 && a < 400) res.writeHead(a, { Location: `http://127.0.0.1:${r.port}/elsewhere` }).end();
        else res.writeHead(a, { "Content-Type": "text/plain" }).end("ok");
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  r.port = (server.address() as AddressInfo).port;
  r.url = (path = "/hook") => `http://127.0.0.1:${r.port}${path}`;
  r.close = () => new Promise<void>((resolve) => {
    for (const end of hanging) end();
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return r;
}
