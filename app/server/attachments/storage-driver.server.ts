// What every storage driver is (storage.server.ts chooses one): the interface, the generated-name rule and
// the metering of a stream going in. Apart from the factory so the drivers need not import it.
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";

/** Bytes going in: a stream (a request body, a file being read) or chunks already in memory. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export const STORAGE_NAME = /^[0-9a-f]{32}\.[a-z0-9]{1,10}$/;

export function isStorageName(name: string): boolean {
  return STORAGE_NAME.test(name);
}

/** A new generated name for a file of this (detected, canonical) extension. */
export function newStorageName(ext: string): string {
  const name = `${randomBytes(16).toString("hex")}.${ext}`;
  if (!isStorageName(name)) throw new Error("not a generated storage name");
  return name;
}

/** Throws unless the name is one this module generates: no user input ever becomes a path or a key. */
export function assertStorageName(name: string): void {
  if (!isStorageName(name)) throw new Error("not a generated storage name");
}

/** A local-disk write in progress: `.<storage name>.<8 hex>.tmp`. */
export const TEMP_NAME = /^\.[0-9a-f]{32}\.[a-z0-9]{1,10}\.[0-9a-f]{8}\.tmp$/;

/** The file was over the size the caller allowed: nothing of it is kept. */
export class StoredFileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}

export interface StoredFile {
  storageName: string;
  size: number;
  /** SHA-256 of the bytes, hex, computed as they were streamed in. */
  sha256: string;
}

export interface StoredEntry {
  name: string;
  modified: Date;
  /** A local-disk write in progress (or left by a crash): never a file a row may name. */
  temporary: boolean;
}

export interface Storage {
  readonly driver: "local" | "s3";
  /**
   * Streams the bytes in under a new generated name and returns it with their size and SHA-256. All or
   * nothing: a reader never sees part of a file, and when the body fails or passes `maxBytes`
   * (StoredFileTooLarge) nothing stays behind.
   */
  put(body: ByteSource, options: { ext: string; maxBytes: number }): Promise<StoredFile>;
  /** Puts the bytes back under a name this module generated before (restoring a backup); all or nothing. */
  putAs(storageName: string, body: ByteSource): Promise<void>;
  /** The file as a web stream with its size, or null when there is none under this name. */
  open(storageName: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null>;
  /** Removes the file; a name with no file is not an error. */
  remove(storageName: string): Promise<void>;
  /** Every file with a generated name (and, on local disk, temporary files), in no particular order. */
  list(): AsyncIterable<StoredEntry>;
  /** Resolves when files can be written (local: the directory exists or is made, and is writable; S3: the bucket answers). */
  check(): Promise<void>;
}

/**
 * Counts and hashes the chunks as they pass, and fails with StoredFileTooLarge as soon as they pass
 * `maxBytes`, so a driver never writes more than the limit. `result()` is valid once the stream has ended.
 */
export function metered(body: ByteSource, maxBytes: number) {
  const hash = createHash("sha256");
  let size = 0;
  async function* pass() {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new StoredFileTooLarge(maxBytes);
      hash.update(chunk);
      yield chunk;
    }
  }
  return { stream: Readable.from(pass(), { objectMode: false }), result: () => ({ size, sha256: hash.digest("hex") }) };
}

