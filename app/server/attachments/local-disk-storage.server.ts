// The local-disk driver: files in one directory (UPLOAD_DIR), the demo's default. A file is streamed to a
// temporary name (`.<name>.<hex>.tmp`, which no row can name) and renamed into place, so a reader never
// sees half a file; a failed or oversized write removes its temporary file.
import { randomBytes } from "node:crypto";
import { constants, createReadStream, createWriteStream } from "node:fs";
import { access, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertStorageName, type ByteSource, isStorageName, metered, newStorageName, TEMP_NAME, type Storage, type StoredEntry } from "./storage-driver.server";

export function localDiskStorage(dir: string): Storage {
  const pathOf = (storageName: string) => {
    assertStorageName(storageName);
    return resolve(dir, storageName);
  };

  async function writeAtomically(storageName: string, body: ByteSource) {
    await mkdir(dir, { recursive: true, mode: 0o750 });
    const final = pathOf(storageName);
    const temp = resolve(dir, `.${storageName}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      await pipeline(Readable.from(body, { objectMode: false }), createWriteStream(temp, { mode: 0o640, flags: "wx" }));
      await rename(temp, final);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  return {
    driver: "local",

    async put(body, { ext, maxBytes }) {
      const storageName = newStorageName(ext);
      const meter = metered(body, maxBytes);
      await writeAtomically(storageName, meter.stream);
      return { storageName, ...meter.result() };
    },

    async putAs(storageName, body) {
      await writeAtomically(storageName, body);
    },

    async open(storageName) {
      const path = pathOf(storageName);
      try {
        const info = await stat(path);
        if (!info.isFile()) return null;
        return { body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, size: info.size };
      } catch {
        return null;
      }
    },

    async remove(storageName) {
      // A temporary file is removed by the sweep; every other name must be a generated one.
      if (TEMP_NAME.test(storageName)) await rm(resolve(dir, storageName), { force: true });
      else await rm(pathOf(storageName), { force: true });
    },

    async *list(): AsyncIterable<StoredEntry> {
      let entries: string[];
      try {
        entries = await readdir(dir);
      } catch {
        return; // no directory: nothing was ever stored
      }
      for (const name of entries) {
        const temporary = TEMP_NAME.test(name);
        if (!temporary && !isStorageName(name)) continue;
        const info = await stat(resolve(dir, name)).catch(() => null);
        if (info?.isFile()) yield { name, modified: info.mtime, temporary };
      }
    },

    async check() {
      await mkdir(dir, { recursive: true, mode: 0o750 });
      await access(dir, constants.W_OK);
    },
  };
}
