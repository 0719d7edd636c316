import { describe, expect, it } from "vitest";
import { parseMessage } from "./messages.js";
import { topics } from "./topics.js";

describe("MQTT messages: each topic with its own payload parser", () => {
  it("reads every kind of topic with its payload", () => {
    expect(parseMessage(topics.status("heladera"), "online")).toEqual({
      kind: "status",
      device: "heladera",
      payload: { ok: true, value: "online" },
    });
    expect(parseMessage(topics.sensorState("heladera", "temp"), Buffer.from(".5"))).toMatchObject({
      kind: "sensor_state",
      key: "temp",
      payload: { ok: true, value: { value: 0.5 } },
    });
    expect(parseMessage(topics.relaySet("riego", "valve"), '{"state":"ON","seconds":60}')).toMatchObject({
      kind: "relay_set",
      payload: { ok: true, value: { state: "ON", seconds: 60 } },
    });
    expect(parseMessage(topics.relayState("riego", "valve"), "off")).toMatchObject({
      kind: "relay_state",
      payload: { ok: true, value: "OFF" },
    });
  });

  it("keeps a refused payload as a value beside its topic, and answers null outside the contract", () => {
    expect(parseMessage(topics.sensorState("heladera", "temp"), "+4")).toMatchObject({
      kind: "sensor_state",
      payload: { ok: false, error: { code: "not_a_number" } },
    });
    expect(parseMessage(topics.relaySet("riego", "valve"), "TOGGLE")).toMatchObject({
      payload: { ok: false, error: { code: "not_a_command" } },
    });
    expect(parseMessage("homeassistant/sensor/x/config", "{}")).toBeNull();
  });
});
