import { describe, expect, it } from "vitest";
import { parseTopic, topics } from "./topics.js";

describe("MQTT topic contract", () => {
  it("round-trips every topic kind", () => {
    expect(parseTopic(topics.status("heladera-1"))).toEqual({ kind: "status", device: "heladera-1" });
    expect(parseTopic(topics.sensorState("heladera-1", "temp"))).toEqual({
      kind: "sensor_state",
      device: "heladera-1",
      key: "temp",
    });
    expect(parseTopic(topics.relaySet("riego", "valvula_1"))?.kind).toBe("relay_set");
    expect(parseTopic(topics.relayState("riego", "valvula_1"))?.kind).toBe("relay_state");
  });

  it("refuses topics outside the contract: other roots, wildcards, bad ids, extra levels", () => {
    for (const t of [
      "other/x/status",
      "mostrador/+/status",
      "mostrador/#",
      "mostrador/Heladera/status",
      "mostrador/x/sensor/temp/state/extra",
      "mostrador/x/sensor/temp/set",
      "mostrador/x/relay//state",
      "mostrador//status",
      `mostrador/${"a".repeat(33)}/status`,
    ]) {
      expect(parseTopic(t)).toBeNull();
    }
  });
});
