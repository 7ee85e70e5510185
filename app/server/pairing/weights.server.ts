// The pairing weights the programme office has set, or the documented defaults.
import { sql } from "kysely";
import type { DB } from "../../../db/client";
import { DEFAULT_FIT_WEIGHTS, FIT_FACTORS, normaliseWeights, type FitWeights } from "../../rules/pairing/fit";

export const PAIRING_WEIGHTS_KEY = "pairing_weights";

export async function readPairingWeights(db: DB): Promise<FitWeights> {
  const row = await db.selectFrom("programme_settings").select("value").where("key", "=", PAIRING_WEIGHTS_KEY).executeTakeFirst();
  const value = row?.value as Partial<FitWeights> | undefined;
  if (!value || !FIT_FACTORS.every((f) => typeof value[f] === "number")) return { ...DEFAULT_FIT_WEIGHTS };
  try {
    return normaliseWeights(value as FitWeights);
  } catch {
    return { ...DEFAULT_FIT_WEIGHTS };
  }
}

export async function savePairingWeights(db: DB, weights: FitWeights, userId: string) {
  const value = sql`cast(${JSON.stringify(normaliseWeights(weights))}::text as jsonb)`;
  await db.insertInto("programme_settings").values({ key: PAIRING_WEIGHTS_KEY, value, updated_by: userId })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_by: userId, updated_at: sql`now()` })).execute();
}
