// Client secrets of organisations' identity providers, encrypted at rest (decision 040): AES-256-GCM under
// a key derived (HKDF-SHA-256, its own label) from TOTP_ENCRYPTION_KEY, so there is one key for an operator
// to keep and rotate, and a secret encrypted for one purpose cannot be read as the other. Never logged,
// never shown back, never in the audit trail.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../env.server";

function secretKey(): Buffer {
  const master = Buffer.from(env().TOTP_ENCRYPTION_KEY, "base64");
  return Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), "civic-challenge sso client secret v1", 32));
}

/** iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes). */
export function encryptClientSecret(secret: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey(), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Throws if the stored value was altered or encrypted under another key (GCM authenticates it). */
export function decryptClientSecret(stored: Uint8Array): string {
  const data = Buffer.from(stored);
  const decipher = createDecipheriv("aes-256-gcm", secretKey(), data.subarray(0, 12));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]).toString("utf8");
}
