import { describe, expect, it } from "vitest";
import { PreparedNames } from "./prepared-names.js";

describe("naming the statements the service sends over and over", () => {
  it("leaves a text unnamed for its first two uses, then gives it one name for good", () => {
    const names = new PreparedNames();
    const text = "SELECT * FROM sales WHERE id = $1";
    expect(names.nameOf(text)).toBeUndefined();
    expect(names.nameOf(text)).toBeUndefined();
    const name = names.nameOf(text);
    expect(name).toMatch(/^m_[0-9a-f]{20}$/);
    expect(names.nameOf(text)).toBe(name);
    // Another process (or pool) names the same text the same way; another text differently.
    const other = new PreparedNames();
    for (let i = 0; i < 3; i++) other.nameOf(text);
    expect(other.nameOf(text)).toBe(name);
    for (let i = 0; i < 3; i++) other.nameOf("SELECT 1 WHERE $1");
    expect(other.nameOf("SELECT 1 WHERE $1")).not.toBe(name);
  });

  it("never names more than a thousand texts, so statements built per call cannot pile up", () => {
    const names = new PreparedNames();
    const named = new Set<string>();
    for (let i = 0; i < 1_500; i++) {
      const text = `SELECT ${i} WHERE $1`;
      for (let k = 0; k < 3; k++) {
        const name = names.nameOf(text);
        if (name) named.add(name);
      }
    }
    expect(named.size).toBe(1_000);
  });
});
