import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CARD_STATUSES } from "@mostrador/contracts/sync/cards";
import { describe, expect, it } from "vitest";
import { enErrors } from "./en.js";

const CARDS_DIR = fileURLToPath(new URL("../../../src/cards/", import.meta.url));

/** Every error code the cards module throws (`new DomainError(kind, "code", …)`), read from its source. */
function cardErrorCodes(): string[] {
  const codes = new Set<string>();
  for (const file of readdirSync(CARDS_DIR)) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    const source = readFileSync(join(CARDS_DIR, file), "utf8");
    for (const m of source.matchAll(
      /new DomainError\(\s*"[a-z_]+",\s*(?:"([a-z_]+)"|`card_\$\{card\.status\}`)/g,
    )) {
      if (m[1]) codes.add(m[1]);
      // requireActive's `card_${status}`: every status but active.
      else for (const status of CARD_STATUSES) if (status !== "active") codes.add(`card_${status}`);
    }
  }
  return [...codes].sort();
}

describe("the cards module's refusals in English", () => {
  it("finds the module's error codes in its source", () => {
    expect(cardErrorCodes()).toEqual(expect.arrayContaining(["card_not_found", "insufficient_balance"]));
  });

  it("has an English sentence for every code the cards module throws", () => {
    expect(cardErrorCodes().filter((code) => !enErrors[code])).toEqual([]);
  });
});
