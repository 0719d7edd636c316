import { describe, expect, it } from "vitest";
import { SENSOR_KIND_NAMES, SENSOR_KINDS } from "@mostrador/contracts/mqtt/sensor-kinds";
import { discoveryMessages } from "./discovery-config.js";

const sensors = SENSOR_KIND_NAMES.map((kind) => ({
  key: kind.replace("_", "-"),
  kind,
  unit: SENSOR_KINDS[kind].unit,
  min: 0,
  max: 1,
}));
const node = {
  slug: "nodo-1",
  name: "Nodo",
  sensors,
  relays: [{ key: "bomba", name: "Bomba", maxOnSeconds: 60 }],
};

describe("Home Assistant discovery configs", () => {
  it("gives each sensor kind HA's device class and unit, and a door a binary sensor", () => {
    const byKey = new Map(
      discoveryMessages(node).map((m) => [
        m.topic.split("/")[3],
        { topic: m.topic, config: JSON.parse(m.payload) },
      ]),
    );
    const expected: Record<string, [string, string | undefined]> = {
      temperature: ["temperature", "°C"],
      humidity: ["humidity", "%"],
      "soil-moisture": ["moisture", "%"],
      door: ["door", undefined],
      power: ["power", "W"],
      current: ["current", "A"],
      "water-flow": ["volume_flow_rate", "L/min"],
      co2: ["carbon_dioxide", "ppm"],
    };
    for (const [key, [deviceClass, unit]] of Object.entries(expected)) {
      const entry = byKey.get(key);
      expect(entry?.config.device_class, key).toBe(deviceClass);
      expect(entry?.config.unit_of_measurement, key).toBe(unit);
    }
    expect(byKey.get("door")?.topic).toBe("homeassistant/binary_sensor/nodo-1/door/config");
    expect(byKey.get("bomba")?.topic).toBe("homeassistant/switch/nodo-1/bomba/config");
  });

  it("keeps every topic id in HA's alphabet and every unique_id unique", () => {
    const messages = discoveryMessages({
      ...node,
      relays: [{ key: "door", name: "Puerta", maxOnSeconds: 60 }],
    });
    for (const m of messages) {
      const [, , nodeId, objectId] = m.topic.split("/");
      expect(nodeId).toMatch(/^[a-zA-Z0-9_-]+$/);
      expect(objectId).toMatch(/^[a-zA-Z0-9_-]+$/);
    }
    const ids = messages.map((m) => JSON.parse(m.payload).unique_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names two probes of one kind apart", () => {
    const names = discoveryMessages({
      slug: "camara",
      name: "Cámara",
      sensors: [
        { key: "arriba", kind: "temperature", unit: "°C", min: -30, max: 30 },
        { key: "abajo", kind: "temperature", unit: "°C", min: -30, max: 30 },
      ],
      relays: [],
    }).map((m) => JSON.parse(m.payload).name);
    expect(names).toEqual(["Temperatura (arriba)", "Temperatura (abajo)"]);
  });
});
