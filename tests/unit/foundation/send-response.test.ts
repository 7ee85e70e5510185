// Writing a streamed answer to the client (writeBody, used by server.ts for every Remix answer): a chunk is
// read from the body only once the client has taken the last, the body is cancelled when the client goes
// or stops taking anything, and a body that fails half-way destroys the connection instead of ending it.
// The client is a real Writable whose writes complete only when the test lets them.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { writeBody } from "../../../app/server/send-response.server";

/** A body of `chunks` chunks of 1 KB that counts the chunks read from it and whether it was cancelled. */
function body(chunks: number, failAt = Infinity) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === failAt) throw new Error("connection lost");
      controller.enqueue(new Uint8Array(1024).fill(65 + (seen.pulled % 26)));
      if (++seen.pulled === chunks) controller.close();
    },
    cancel() {
      seen.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, seen };
}

/** A client with a 4 KB buffer that takes nothing until `take()` lets its writes complete. */
function client() {
  const held: (() => void)[] = [];
  let received = 0;
  let taking = false;
  const sink = new Writable({
    highWaterMark: 4096,
    write(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (taking) done();
      else held.push(done);
    },
  });
  return {
    sink,
    received: () => received,
    take() {
      taking = true;
      for (const done of held.splice(0)) done();
    },
  };
}

async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("writeBody", () => {
  it("reads the body only as fast as the client takes it, then ends the answer", async () => {
    const { stream, seen } = body(100);
    const c = client();
    const writing = writeBody(stream, c.sink);
    await settle();
    // The client's buffer is full after a few chunks: nothing more is read until it drains.
    expect(seen.pulled).toBeLessThanOrEqual(6);
    c.take();
    await writing;
    expect(seen.pulled).toBe(100);
    expect(c.received()).toBe(100 * 1024);
    expect(c.sink.writableEnded).toBe(true);
  });

  it("cancels the body when the client disconnects", async () => {
    const { stream, seen } = body(100);
    const c = client();
    const writing = writeBody(stream, c.sink);
    await settle();
    c.sink.destroy();
    await writing;
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(6);
  });

  it("disconnects a client that takes nothing for the stall time, and cancels the body", async () => {
    const { stream, seen } = body(100);
    const c = client();
    await writeBody(stream, c.sink, 20);
    expect(seen.cancelled).toBe(true);
    expect(c.sink.destroyed).toBe(true);
    expect(c.sink.writableEnded).toBe(false);
  });

  it("destroys the connection with the error when the body fails half-way, never ending it cleanly", async () => {
    const { stream } = body(100, 10);
    const c = client();
    c.take();
    const errors: Error[] = [];
    c.sink.on("error", (error) => errors.push(error));
    await expect(writeBody(stream, c.sink)).rejects.toThrow("connection lost");
    expect(c.sink.destroyed).toBe(true);
    expect(c.sink.writableEnded).toBe(false);
    expect(c.received()).toBe(10 * 1024);
    await settle();
    expect(errors.map((e) => e.message)).toEqual(["connection lost"]);
  });
});
