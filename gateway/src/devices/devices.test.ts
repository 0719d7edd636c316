import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "@mostrador/kernel/core/errors";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { FRIDGE } from "../test-gateway.js";
import { deviceSecretMatches } from "./device-secret.js";
import {
  createDevice,
  deactivateDevice,
  getDevice,
  listDevices,
  rotateDeviceSecret,
  updateDevice,
} from "./devices.js";

describe("device registry", () => {
  let core: TestCore;
  beforeEach(() => {
    core = openTestCore();
  });
  afterEach(() => core.close());

  const count = (table: string) => core.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const snapshot = () => ({
    devices: count("devices"),
    sensors: count("device_sensors"),
    relays: count("device_relays"),
    outbox: count("outbox"),
    audit: count("audit_log"),
  });
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof DomainError) return err.code;
      throw err;
    }
    throw new Error("no refusal");
  };

  it("creates a device with its sensors' units and ranges, and returns a secret stored only as a hash", () => {
    const { device, secret } = createDevice(core, FRIDGE);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(device).toMatchObject({
      slug: "heladera-1",
      name: "Heladera de lácteos",
      active: true,
      online: false,
    });
    expect(device.sensors).toEqual([
      { key: "puerta", kind: "door", unit: "", min: 0, max: 1 },
      { key: "temp", kind: "temperature", unit: "°C", min: -30, max: 30 },
    ]);
    expect(device.relays).toEqual([{ key: "compresor", name: "Compresor", maxOnSeconds: 3600 }]);
    const stored = core.db.prepare("SELECT secret_hash FROM devices").pluck().get() as string;
    expect(stored).not.toContain(secret);
    expect(deviceSecretMatches(secret, stored)).toBe(true);
    expect(JSON.stringify(device)).not.toContain(stored);
  });

  it("records every registry write in the outbox (entity device, no secret) and the audit log", () => {
    const { device, secret } = createDevice(core, FRIDGE);
    rotateDeviceSecret(core, device.id);
    updateDevice(core, device.id, { name: "Heladera 1" });
    deactivateDevice(core, device.id);
    const outbox = core.db.prepare("SELECT entity, op, payload FROM outbox ORDER BY seq").all() as {
      entity: string;
      op: string;
      payload: string;
    }[];
    expect(outbox.map((o) => `${o.entity}.${o.op}`)).toEqual([
      "device.created",
      "device.secret_rotated",
      "device.updated",
      "device.updated",
    ]);
    expect(outbox.some((o) => o.payload.includes(secret) || o.payload.includes("secret"))).toBe(false);
    const actions = core.db.prepare("SELECT action FROM audit_log ORDER BY at, rowid").pluck().all();
    expect(actions).toEqual(["device.created", "device.secret_rotated", "device.updated", "device.updated"]);
  });

  it("rotating the secret makes the old one useless", () => {
    const { device, secret } = createDevice(core, FRIDGE);
    const rotated = rotateDeviceSecret(core, device.id);
    const stored = core.db.prepare("SELECT secret_hash FROM devices").pluck().get() as string;
    expect(deviceSecretMatches(secret, stored)).toBe(false);
    expect(deviceSecretMatches(rotated.secret, stored)).toBe(true);
  });

  it("replaces sensors and relays on update and keeps the slug", () => {
    const { device } = createDevice(core, FRIDGE);
    const updated = updateDevice(core, device.id, { sensors: [{ key: "co2", kind: "co2" }], relays: [] });
    expect(updated.slug).toBe("heladera-1");
    expect(updated.sensors).toEqual([{ key: "co2", kind: "co2", unit: "ppm", min: 250, max: 10_000 }]);
    expect(updated.relays).toEqual([]);
    expect(listDevices(core)).toHaveLength(1);
  });

  it("refuses bad slugs, duplicate slugs, unknown kinds, widened ranges and repeated keys, changing nothing", () => {
    createDevice(core, FRIDGE);
    const before = snapshot();
    expect(refusal(() => createDevice(core, { ...FRIDGE, slug: "Heladera 1" }))).toBe("invalid_device_slug");
    expect(refusal(() => createDevice(core, { ...FRIDGE, slug: "a".repeat(33) }))).toBe(
      "invalid_device_slug",
    );
    expect(refusal(() => createDevice(core, FRIDGE))).toBe("device_slug_taken");
    expect(refusal(() => createDevice(core, { ...FRIDGE, slug: "x", name: "  " }))).toBe(
      "invalid_device_name",
    );
    expect(
      refusal(() =>
        createDevice(core, { ...FRIDGE, slug: "x", sensors: [{ key: "t", kind: "plasma" as "co2" }] }),
      ),
    ).toBe("invalid_sensor_kind");
    expect(
      refusal(() =>
        createDevice(core, { ...FRIDGE, slug: "x", sensors: [{ key: "t", kind: "temperature", max: 500 }] }),
      ),
    ).toBe("invalid_sensor_range");
    expect(
      refusal(() =>
        createDevice(core, {
          ...FRIDGE,
          slug: "x",
          sensors: [{ key: "t", kind: "temperature", min: 10, max: 5 }],
        }),
      ),
    ).toBe("invalid_sensor_range");
    expect(
      refusal(() =>
        createDevice(core, {
          ...FRIDGE,
          slug: "x",
          sensors: [{ key: "t", kind: "temperature" }],
          relays: [{ key: "t", name: "T" }],
        }),
      ),
    ).toBe("duplicate_key");
    expect(
      refusal(() =>
        createDevice(core, { ...FRIDGE, slug: "x", relays: [{ key: "r", name: "R", maxOnSeconds: 0 }] }),
      ),
    ).toBe("invalid_max_on_seconds");
    expect(refusal(() => rotateDeviceSecret(core, "no-existe"))).toBe("device_not_found");
    expect(refusal(() => updateDevice(core, "no-existe", { name: "x" }))).toBe("device_not_found");
    expect(snapshot()).toEqual(before);
  });

  it("deactivating keeps the device and its history but marks it inactive", () => {
    const { device } = createDevice(core, FRIDGE);
    expect(deactivateDevice(core, device.id).active).toBe(false);
    expect(getDevice(core, device.id).sensors).toHaveLength(2);
  });
});
