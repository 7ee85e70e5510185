import { describe, expect, it } from "vitest";
import { stem, tokenize } from "../../../app/rules/affinity/tokenize";

describe("tokenize", () => {
  it("lowercases, strips accents and punctuation, and drops stop words, numbers and single letters", () => {
    expect(tokenize("The Café's 2024 plan: a Flood-Resilience scheme for X")).toEqual(["caf", "plan", "flood", "resilienc", "schem"]);
  });

  it("returns nothing for empty or stop-word-only text", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("   ")).toEqual([]);
    expect(tokenize("and the of with this project")).toEqual([]);
  });

  it("keeps repeats (term frequency matters) and letter-digit mixes", () => {
    expect(tokenize("water water 5G")).toEqual(["wat", "wat", "5g"]);
  });
});

describe("stem", () => {
  const sameStem = [
    ["community", "communities", "communal"],
    ["housing", "houses", "house"],
    ["planning", "planned", "plans"],
    ["transport", "transportation", "transporting"],
    ["energy", "energies"],
    ["policy", "policies"],
    ["electricity", "electrical", "electric"],
    ["education", "educational", "educator"],
    ["digitisation", "digitization", "digital"],
  ];

  it.each(sameStem)("maps %s and its relatives to one stem", (...words) => {
    expect(new Set(words.map(stem)).size).toBe(1);
  });

  it("keeps unrelated words apart and short words intact", () => {
    expect(stem("school")).not.toBe(stem("schedule"));
    expect(stem("bus")).toBe("bus");
    expect(stem("analysis")).toBe("analysis");
    expect(stem("sea")).toBe("sea");
  });
});
