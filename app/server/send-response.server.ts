// Remix's answer written to Express's response, as @remix-run/express's sendRemixResponse writes it, but
// with the client's pace and presence respected for a streamed body (kpis.csv from a database cursor, and
// the pages React streams). @remix-run/node's writer reads the whole body into the socket's buffer however
// slowly the client takes it, and goes on reading after the client has gone; this one waits for "drain"
// when the socket is full, and cancels the body when the client disconnects or takes nothing for
// STALLED_CLIENT_MS, which closes the cursor behind it and gives its connection back to the pool.
import type { Writable } from "node:stream";
import type { Response as ExpressResponse } from "express";

/** A client that takes none of a streamed answer for this long is disconnected: it holds a database connection. */
export const STALLED_CLIENT_MS = 30_000;

/** The response's status, headers and body. A body that errors half-way destroys the connection (never a clean end). */
export async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeBody(response.body, res);
  else res.end();
}

type Sink = Writable & { flush?: () => void };

/**
 * Copies `body` to `sink`, reading a chunk only once the sink has taken the last one. Ends the sink when
 * the body is done; cancels the body when the sink closes first or stays full for `stalledMs`; destroys the
 * sink with the error, and rethrows it, when the body errors.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, sink: Sink, stalledMs = STALLED_CLIENT_MS): Promise<void> {
  const reader = body.getReader();
  const closed = new Promise<"closed">((resolve) => sink.once("close", () => resolve("closed")));
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), closed]);
      if (next === "closed") break;
      if (next.done) {
        sink.end();
        return;
      }
      const room = sink.write(next.value);
      // Compression holds data back until flushed; a streamed page must reach the client as it is written.
      sink.flush?.();
      if (!room && (await drainedOrNot(sink, closed, stalledMs)) !== "drain") {
        sink.destroy();
        break;
      }
    }
    await reader.cancel();
  } catch (error) {
    sink.destroy(error as Error);
    throw error;
  }
}

function drainedOrNot(sink: Sink, closed: Promise<"closed">, stalledMs: number): Promise<"drain" | "closed" | "stalled"> {
  let timer: NodeJS.Timeout | undefined;
  // No sink.off("drain"): the compression middleware moves "drain" listeners to its zlib stream, and a
  // sink that closed or stalled is destroyed with it.
  return Promise.race([
    closed,
    new Promise<"drain">((resolve) => sink.once("drain", () => resolve("drain"))),
    new Promise<"stalled">((resolve) => (timer = setTimeout(() => resolve("stalled"), stalledMs))),
  ]).finally(() => clearTimeout(timer));
}
