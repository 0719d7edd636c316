import {
  DeviceList,
  DeviceSchema,
  DeviceWithSecretSchema,
  GatewayStatsSchema,
} from "@mostrador/contracts/http/devices";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { ReadingsAnswerSchema } from "@mostrador/contracts/http/telemetry";
import { afterEach, describe, expect, it } from "vitest";
import { GatewayStats } from "../broker/gateway-stats.js";
import { openIotCore, type TestCore } from "../rules/test-iot.js";
import { readings } from "../telemetry/readings-query.js";
import { writeReadings } from "../telemetry/telemetry-writer.js";
import { createDevice, listDevices, rotateDeviceSecret, updateDevice } from "./devices.js";

/**
 * What the device, stats and readings routes answer (the gateway's own values, which Fastify serializes by
 * the same schemas) holds to contracts/src/http/devices.ts and telemetry.ts.
 */
describe("devices, gateway stats and readings hold to the HTTP contract", () => {
  let core: TestCore;
  afterEach(() => core.close());

  it("a device registered, its secret rotated, changed and listed", () => {
    const iot = openIotCore();
    core = iot.core;
    const created = createDevice(core, {
      slug: "camara",
      name: "Cámara de frío",
      sensors: [
        { key: "temp", kind: "temperature", min: -30, max: 10 },
        { key: "co2", kind: "co2" },
      ],
      relays: [{ key: "fan", name: "Ventilador", maxOnSeconds: 600 }],
    });
    expect(schemaErrors(DeviceWithSecretSchema, created)).toEqual([]);
    expect(schemaErrors(DeviceWithSecretSchema, rotateDeviceSecret(core, created.device.id))).toEqual([]);
    const changed = updateDevice(core, created.device.id, { name: "Cámara 1", active: false });
    expect(schemaErrors(DeviceSchema, changed)).toEqual([]);
    const all = listDevices(core);
    expect(all.length).toBe(3);
    expect(schemaErrors(DeviceList, all)).toEqual([]);
  });

  it("the readings of a sensor, raw and rolled up, and the gateway's counters", () => {
    const iot = openIotCore();
    core = iot.core;
    const t0 = Date.parse("2026-11-21T13:00:00.000Z");
    writeReadings(core.db, [
      { deviceId: iot.fridge.id, key: "temperature", at: t0 + 1_000, value: 4.5 },
      { deviceId: iot.fridge.id, key: "temperature", at: t0 + 61_000, value: 5 },
    ]);
    const q = { deviceId: iot.fridge.id, key: "temperature", from: t0, to: t0 + 3_600_000 };
    for (const resolution of ["raw", "minute", "hour"] as const) {
      const points = readings(core.db, { ...q, resolution });
      expect(points.length).toBeGreaterThan(0);
      const answer = { deviceId: q.deviceId, key: q.key, resolution, points };
      expect(schemaErrors(ReadingsAnswerSchema, answer)).toEqual([]);
    }
    const stats = new GatewayStats(new Date(t0).toISOString());
    stats.refuseConnection("bad_password");
    stats.refuseMessage("topic_not_allowed");
    stats.malformedReading("not_a_number");
    const snapshot = stats.snapshot({ connections: 2, devicesOnline: 1 });
    expect(schemaErrors(GatewayStatsSchema, { mqttPort: 1883, ...snapshot })).toEqual([]);
  });
});
