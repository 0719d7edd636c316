import { describe, expect, it } from "vitest";
import { topics } from "@mostrador/contracts/mqtt/topics";
import { ParsedTopicCache } from "./ingest.js";

describe("ParsedTopicCache", () => {
  it("parses a topic once and hands back the same frozen result for every later message", () => {
    const cache = new ParsedTopicCache();
    const first = cache.parse(topics.sensorState("heladera-1", "temp"));
    expect(first).toEqual({ kind: "sensor_state", device: "heladera-1", key: "temp" });
    expect(cache.parse("mostrador/heladera-1/sensor/temp/state")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(cache.parse(topics.status("heladera-1"))).toEqual({ kind: "status", device: "heladera-1" });
  });

  it("answers null for topics outside the contract, also when asked again", () => {
    const cache = new ParsedTopicCache();
    expect(cache.parse("mostrador/heladera-1/sensor/temp")).toBeNull();
    expect(cache.parse("mostrador/heladera-1/sensor/temp")).toBeNull();
    expect(cache.parse("otro/heladera-1/status")).toBeNull();
  });

  it("never holds more than its bound: it starts over when full", () => {
    const cache = new ParsedTopicCache(3);
    for (let i = 0; i < 10; i++) cache.parse(topics.sensorState(`d${i}`, "temp"));
    expect(cache.size).toBeLessThanOrEqual(3);
    expect(cache.parse(topics.sensorState("d0", "temp"))).toEqual({
      kind: "sensor_state",
      device: "d0",
      key: "temp",
    });
  });
});
