import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONTRACT_HEADER_PATH, contractHeader } from "./contract-header.js";

describe("the firmware's C++ header of the MQTT contract", () => {
  it("is exactly what the contract generates (run `npm --workspace firmware run generate:contract`)", () => {
    const checkedIn = readFileSync(fileURLToPath(new URL(CONTRACT_HEADER_PATH, import.meta.url)), "utf8");
    expect(checkedIn).toBe(contractHeader());
  });

  it("spells the contract's words and limits, which the firmware code uses instead of its own", () => {
    const header = contractHeader();
    for (const line of [
      'constexpr const char* kTopicRoot = "mostrador";',
      "constexpr std::size_t kMaxIdLength = 32;",
      "constexpr std::size_t kMaxTopicLength = 88;",
      'constexpr const char* kStatusOffline = "offline";',
      "constexpr std::uint32_t kMaxCommandSeconds = 86400;",
      "constexpr bool isIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }",
    ]) {
      expect(header).toContain(line);
    }
  });
});
