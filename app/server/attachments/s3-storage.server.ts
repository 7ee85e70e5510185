// The S3 driver: objects in one bucket of S3-compatible storage (AWS S3, MinIO, Ceph, …), keyed by their
// generated names, so every web process and the worker on every machine sees the same files. Uploads go
// through lib-storage's `Upload`, which sends a body of unknown length as one PutObject when it is under
// one part (5 MiB) and as a multipart upload otherwise, holding at most one part in memory at a time; an
// object only appears once it is complete, and a failed multipart upload is aborted. Downloads hand the
// GetObject body on as it arrives.
import {
  DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, paginateListObjectsV2, S3Client, S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Readable } from "node:stream";
import { assertStorageName, isStorageName, metered, newStorageName, type Storage, type StoredEntry } from "./storage-driver.server";

export interface S3Options {
  /** Unset: AWS's own endpoint for the region. */
  endpoint?: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  /** Unset: the SDK's default chain (environment, shared profile, instance or task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** How long the readiness check waits for the bucket (the probe itself gives up at 1.5 s). */
const CHECK_TIMEOUT_MS = 1_400;

export function s3Storage(options: S3Options): Storage {
  // The SDK's default since 3.729 adds CRC32 checksums (and aws-chunked bodies) to every request; many
  // S3-compatible servers refuse or mangle those, so checksums are sent only where an operation needs one.
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // A connection that cannot be opened fails in 3 s; a transfer that stalls for 30 s fails.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
  });
  const Bucket = options.bucket;

  async function upload(Key: string, body: Readable) {
    const job = new Upload({ client, params: { Bucket, Key, Body: body }, queueSize: 1 });
    await job.done();
  }

  return {
    driver: "s3",

    async put(body, { ext, maxBytes }) {
      const storageName = newStorageName(ext);
      const meter = metered(body, maxBytes);
      await upload(storageName, meter.stream);
      return { storageName, ...meter.result() };
    },

    async putAs(storageName, body) {
      assertStorageName(storageName);
      await upload(storageName, Readable.from(body, { objectMode: false }));
    },

    async open(storageName) {
      assertStorageName(storageName);
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: storageName }));
        if (!answer.Body) return null;
        return { body: answer.Body.transformToWebStream() as ReadableStream<Uint8Array>, size: answer.ContentLength ?? 0 };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async remove(storageName) {
      assertStorageName(storageName);
      await client.send(new DeleteObjectCommand({ Bucket, Key: storageName }));
    },

    async *list(): AsyncIterable<StoredEntry> {
      for await (const page of paginateListObjectsV2({ client, pageSize: 1_000 }, { Bucket })) {
        for (const object of page.Contents ?? []) {
          if (object.Key && isStorageName(object.Key) && object.LastModified) yield { name: object.Key, modified: object.LastModified, temporary: false };
        }
      }
    },

    async check() {
      await client.send(new HeadBucketCommand({ Bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    },
  };
}

function isMissing(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404);
}
