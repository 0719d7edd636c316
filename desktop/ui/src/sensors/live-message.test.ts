import { describe, expect, it } from "vitest";
import { parseLiveMessage } from "./live-message.js";

describe("live MQTT messages", () => {
  it("reads plain and JSON readings", () => {
    expect(parseLiveMessage("mostrador/heladera/sensor/temperature/state", "4.7")).toEqual({
      kind: "reading",
      slug: "heladera",
      key: "temperature",
      value: 4.7,
    });
    expect(
      parseLiveMessage("mostrador/heladera/sensor/temperature/state", '{"value":-18,"unit":"°C"}'),
    ).toMatchObject({
      value: -18,
    });
  });

  it('reads ".5" and refuses "+4" as the gateway does (one reading grammar, in the contract)', () => {
    const topic = "mostrador/heladera/sensor/temperature/state";
    expect(parseLiveMessage(topic, ".5")).toMatchObject({ kind: "reading", value: 0.5 });
    expect(parseLiveMessage(topic, "+4")).toBeNull();
  });

  it("reads the device's status and the relay's confirmed state, not the command", () => {
    expect(parseLiveMessage("mostrador/riego/status", "offline")).toEqual({
      kind: "status",
      slug: "riego",
      online: false,
    });
    expect(parseLiveMessage("mostrador/riego/relay/valve/state", "ON")).toEqual({
      kind: "relay",
      slug: "riego",
      key: "valve",
      state: "ON",
    });
    expect(parseLiveMessage("mostrador/riego/relay/valve/set", "ON")).toBeNull();
  });

  it("ignores anything outside the contract", () => {
    expect(parseLiveMessage("mostrador/heladera/sensor/temperature/state", "hot")).toBeNull();
    expect(parseLiveMessage("mostrador/heladera/sensor/temperature/state", '{"value":"x"}')).toBeNull();
    expect(parseLiveMessage("homeassistant/sensor/x/config", "{}")).toBeNull();
    expect(parseLiveMessage("mostrador/Heladera/status", "online")).toBeNull();
    expect(parseLiveMessage("mostrador/heladera/sensor/t/state/extra", "1")).toBeNull();
  });
});
