// STORAGE_DRIVER and the S3_* variables (decision 037): local disk by default with no S3 variable set, and a
// message naming the variable and saying what it must be for every wrong combination.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../../app/server/env.server";

const s3 = { STORAGE_DRIVER: "s3", S3_BUCKET: "civic-attachments", S3_ENDPOINT: "http://127.0.0.1:9000", S3_ACCESS_KEY_ID: "key", S3_SECRET_ACCESS_KEY: "secret", S3_FORCE_PATH_STYLE: "true" };

describe("storage configuration", () => {
  it("is local disk when nothing is set", () => {
    expect(parseEnv({})).toMatchObject({ STORAGE_DRIVER: "local", S3_REGION: "us-east-1", S3_FORCE_PATH_STYLE: "false" });
  });

  it("takes a complete S3 configuration, and S3 with the SDK's own credentials (neither key set)", () => {
    expect(parseEnv(s3)).toMatchObject({ STORAGE_DRIVER: "s3", S3_BUCKET: "civic-attachments" });
    expect(parseEnv({ STORAGE_DRIVER: "s3", S3_BUCKET: "civic-attachments" }).S3_ACCESS_KEY_ID).toBeUndefined();
  });

  it("refuses each wrong value naming the variable", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ STORAGE_DRIVER: "S3" }, /STORAGE_DRIVER: must be "local"/],
      [{ STORAGE_DRIVER: "s3" }, /S3_BUCKET: is required when STORAGE_DRIVER=s3/],
      [{ ...s3, S3_BUCKET: "Civic_Attachments" }, /S3_BUCKET: must be a bucket name/],
      [{ ...s3, S3_ENDPOINT: "ftp://files.example" }, /S3_ENDPOINT: must be an http or https address/],
      [{ ...s3, S3_ENDPOINT: "not an address" }, /S3_ENDPOINT: must be an address/],
      [{ ...s3, S3_SECRET_ACCESS_KEY: undefined as unknown as string }, /S3_SECRET_ACCESS_KEY: must be set with the other/],
      [{ ...s3, S3_ACCESS_KEY_ID: undefined as unknown as string }, /S3_ACCESS_KEY_ID: must be set with the other/],
      [{ ...s3, S3_FORCE_PATH_STYLE: "yes" }, /S3_FORCE_PATH_STYLE: must be "true" or "false"/],
      [{ ...s3, S3_REGION: "EU West" }, /S3_REGION: must be a region name/],
    ];
    for (const [source, message] of cases) expect(() => parseEnv(source), JSON.stringify(source)).toThrow(message);
  });

  it("accepts every name S3's rules allow and no other", () => {
    const rule = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
    fc.assert(fc.property(fc.string({ maxLength: 70 }), (bucket) => {
      const ok = rule.test(bucket);
      if (ok) expect(parseEnv({ ...s3, S3_BUCKET: bucket }).S3_BUCKET).toBe(bucket);
      else expect(() => parseEnv({ ...s3, S3_BUCKET: bucket })).toThrow(/S3_BUCKET/);
    }));
  });
});
