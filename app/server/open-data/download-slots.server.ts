// Streamed downloads (kpis.csv) each hold one of the process's ten database connections for as long as
// their client takes to read, up to the writer's 30 s for a stalled one (send-response.server.ts). A
// handful of slow downloads at once would leave the pages no connection, so a process streams at most
// STREAMED_DOWNLOADS_MAX at a time and answers the next one 503 with Retry-After; the file is public and
// cacheable, so a cache in front takes most of them anyway.
import { serviceUnavailable } from "../http.server";

export const STREAMED_DOWNLOADS_MAX = 3;
/** Seconds a refused download is asked to wait. */
export const DOWNLOAD_RETRY_SECONDS = 10;

let streaming = 0;

/**
 * `batches` with one of the slots held until it ends, fails or is closed (a cancelled body closes it), or a
 * thrown 503 when none is free.
 */
export function inDownloadSlot<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  if (streaming >= STREAMED_DOWNLOADS_MAX) {
    serviceUnavailable(DOWNLOAD_RETRY_SECONDS, "Too many downloads of this file are under way: try again in a few seconds.");
  }
  streaming++;
  return (async function* () {
    try {
      yield* batches;
    } finally {
      streaming--;
    }
  })();
}
