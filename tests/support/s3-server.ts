// A real S3-compatible server (s3rver) for a test file: on a free loopback port, its objects in a temporary
// directory, with one bucket. `useS3Storage()` points the app's storage at it (STORAGE_DRIVER=s3) for the
// file's tests and puts the previous configuration back afterwards, since a worker runs files one after another.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll } from "vitest";
import { resetEnvCache } from "../../app/server/env.server";

export const S3_TEST_BUCKET = "civic-attachments";
export const S3_TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface RunningS3 {
  endpoint: string;
  port: number;
  /** Stops the server (the objects stay in its directory); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startS3Server(bucket = S3_TEST_BUCKET): Promise<RunningS3> {
  const directory = await mkdtemp(join(tmpdir(), "civic-s3-"));
  let port = 0;
  let server: S3rver | undefined;
  const start = async () => {
    server = new S3rver({ port, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
    port = (await server.run()).port;
  };
  await start();
  const stop = async () => {
    await server?.close();
    server = undefined;
  };
  return {
    get endpoint() { return `http://127.0.0.1:${port}`; },
    get port() { return port; },
    stop, start,
    close: async () => {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

const S3_VARIABLES = ["STORAGE_DRIVER", "S3_ENDPOINT", "S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] as const;

export function s3Environment(s3: RunningS3): Record<(typeof S3_VARIABLES)[number], string> {
  return {
    STORAGE_DRIVER: "s3", S3_ENDPOINT: s3.endpoint, S3_BUCKET: S3_TEST_BUCKET, S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey, S3_FORCE_PATH_STYLE: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/** Starts an S3 server for this file and makes it the app's storage for the file's tests. */
export function useS3Storage(): { readonly s3: RunningS3 } {
  const holder = {} as { s3: RunningS3 };
  const before: Partial<Record<string, string | undefined>> = {};
  beforeAll(async () => {
    holder.s3 = await startS3Server();
    for (const [name, value] of Object.entries(s3Environment(holder.s3))) {
      before[name] = process.env[name];
      process.env[name] = value;
    }
    resetEnvCache();
  });
  afterAll(async () => {
    for (const name of S3_VARIABLES) {
      if (before[name] === undefined) delete process.env[name];
      else process.env[name] = before[name];
    }
    resetEnvCache();
    await holder.s3?.close();
  });
  return holder;
}
