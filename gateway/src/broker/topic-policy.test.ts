import { describe, expect, it } from "vitest";
import type { CachedDevice } from "../devices/device-cache.js";
import type { Identity } from "./identity.js";
import { CONSUMED_TOPIC, checkPublish, checkSubscribe, mayReceive } from "./topic-policy.js";

const fridge: CachedDevice = {
  id: "d1",
  slug: "heladera-1",
  active: true,
  secretHash: "0".repeat(64),
  sensors: new Map([["temp", { kind: "temperature", unit: "°C", min: -30, max: 30, integer: false }]]),
  relays: new Set(["compresor"]),
};
const device: Identity = { kind: "device", slug: "heladera-1", deviceId: "d1" };
const staff: Identity = { kind: "staff", staffId: "s1" };
const internal: Identity = { kind: "internal" };
const limits = { maxPayloadBytes: 1024 };
const pub = (who: Identity | null, topic: string, bytes = 3) =>
  checkPublish(who, fridge, topic, bytes, limits);

describe("topic policy", () => {
  it("lets a device publish only its status, declared sensors and declared relay echoes", () => {
    expect(pub(device, "mostrador/heladera-1/status")).toBeNull();
    expect(pub(device, "mostrador/heladera-1/sensor/temp/state")).toBeNull();
    expect(pub(device, "mostrador/heladera-1/relay/compresor/state")).toBeNull();
    expect(pub(device, "mostrador/heladera-1/relay/compresor/set")).toBe("set_topic");
    expect(pub(device, "mostrador/heladera-1/sensor/hum/state")).toBe("undeclared_key");
    expect(pub(device, "mostrador/riego/status")).toBe("foreign_device");
    expect(pub(device, "$SYS/x")).toBe("sys_topic");
    expect(pub(device, "a/b/c/d/e/f")).toBe("topic_too_deep");
    expect(pub(device, "mostrador/heladera-1/status", 1025)).toBe("payload_too_large");
    expect(pub(null, "mostrador/heladera-1/status")).toBe("no_identity");
  });

  it("keeps the UI read-only and the appliance to commands and discovery", () => {
    expect(pub(staff, "mostrador/heladera-1/status")).toBe("read_only");
    expect(pub(internal, "mostrador/heladera-1/relay/compresor/set")).toBeNull();
    expect(pub(internal, "homeassistant/sensor/heladera-1/temp/config", 4000)).toBeNull();
    expect(pub(internal, "mostrador/heladera-1/sensor/temp/state")).toBe("not_allowed");
  });

  it("lets a device subscribe to its own commands only; the UI to the topic root; nobody else to $SYS", () => {
    expect(checkSubscribe(device, "mostrador/heladera-1/relay/+/set")).toBe(true);
    expect(checkSubscribe(device, "mostrador/heladera-1/relay/compresor/set")).toBe(true);
    for (const f of [
      "#",
      "mostrador/#",
      "mostrador/+/relay/+/set",
      "mostrador/riego/relay/+/set",
      "mostrador/heladera-1/#",
    ]) {
      expect(checkSubscribe(device, f)).toBe(false);
    }
    expect(checkSubscribe(staff, "mostrador/#")).toBe(true);
    expect(checkSubscribe(staff, "#")).toBe(false);
    expect(checkSubscribe(staff, "$SYS/#")).toBe(false);
    expect(checkSubscribe(null, "mostrador/#")).toBe(false);
    expect(checkSubscribe(internal, "#")).toBe(true);
  });

  it("never forwards anything but its own commands to a device", () => {
    expect(mayReceive(device, "mostrador/heladera-1/relay/compresor/set")).toBe(true);
    expect(mayReceive(device, "mostrador/riego/relay/valvula/set")).toBe(false);
    expect(mayReceive(device, "mostrador/heladera-1/sensor/temp/state")).toBe(false);
    expect(mayReceive(staff, "$SYS/x/heartbeat")).toBe(false);
  });
});

describe("topic policy for card reader taps", () => {
  it("lets a device publish taps on its own reader topics only; nobody else may, nor receive them as a device", () => {
    expect(pub(device, "mostrador/heladera-1/reader/rfid/tap")).toBeNull();
    expect(pub(device, "mostrador/barra-nodo/reader/rfid/tap")).toBe("foreign_device");
    expect(pub(staff, "mostrador/heladera-1/reader/rfid/tap")).toBe("read_only");
    expect(pub(internal, "mostrador/heladera-1/reader/rfid/tap")).toBe("not_allowed");
    expect(
      checkPublish({ kind: "home_assistant" }, fridge, "mostrador/heladera-1/reader/rfid/tap", 8, limits),
    ).toBe("not_allowed");
    expect(checkSubscribe(device, "mostrador/heladera-1/reader/rfid/tap")).toBe(false);
    expect(mayReceive(device, "mostrador/heladera-1/reader/rfid/tap")).toBe(false);
    expect(mayReceive({ kind: "home_assistant" }, "mostrador/heladera-1/reader/rfid/tap")).toBe(false);
  });
});

describe("topic policy for Home Assistant", () => {
  const ha: Identity = { kind: "home_assistant" };
  const haPub = (topic: string, bytes = 2, dev: CachedDevice | undefined = fridge) =>
    checkPublish(ha, dev, topic, bytes, limits);

  it("lets Home Assistant announce itself and ask for a declared relay of an active device", () => {
    expect(haPub("homeassistant/status")).toBeNull();
    expect(haPub("mostrador/heladera-1/relay/compresor/set")).toBeNull();
  });

  it("refuses each publish Home Assistant has no business making", () => {
    expect(haPub("mostrador/heladera-1/relay/luz/set")).toBe("undeclared_key");
    expect(haPub("mostrador/heladera-1/relay/compresor/set", 2, { ...fridge, active: false })).toBe(
      "inactive_device",
    );
    expect(haPub("mostrador/riego/relay/valvula/set", 2, undefined)).toBe("unknown_device");
    // The device passed in is the one the topic names; a mismatch is never trusted.
    expect(haPub("mostrador/riego/relay/compresor/set")).toBe("unknown_device");
    expect(haPub("mostrador/heladera-1/relay/compresor/state")).toBe("not_allowed");
    expect(haPub("mostrador/heladera-1/sensor/temp/state")).toBe("not_allowed");
    expect(haPub("mostrador/heladera-1/status")).toBe("not_allowed");
    expect(haPub("homeassistant/switch/heladera-1/compresor/config")).toBe("not_allowed");
    expect(haPub("homeassistant/otra-cosa")).toBe("not_allowed");
    expect(haPub("casa/luz")).toBe("not_allowed");
    expect(haPub("$SYS/broker/x")).toBe("sys_topic");
    expect(haPub("mostrador/heladera-1/relay/compresor/set/x")).toBe("topic_too_deep");
    expect(haPub("homeassistant/status", 1025)).toBe("payload_too_large");
  });

  it("lets Home Assistant subscribe to discovery, availability and confirmed states only", () => {
    for (const f of [
      "homeassistant/#",
      "homeassistant/status",
      "homeassistant/+/+/+/config",
      "mostrador/+/status",
      "mostrador/heladera-1/status",
      "mostrador/+/sensor/+/state",
      "mostrador/heladera-1/sensor/temp/state",
      "mostrador/+/relay/+/state",
      "mostrador/heladera-1/relay/compresor/state",
    ]) {
      expect(checkSubscribe(ha, f), f).toBe(true);
    }
    for (const f of [
      "#",
      "+/#",
      "homeassistant",
      "mostrador/#",
      "mostrador/+/#",
      "mostrador/heladera-1/#",
      "mostrador/+/relay/+/set",
      "mostrador/heladera-1/relay/compresor/set",
      "mostrador/+/relay/#",
      "mostrador/+/+/+/state",
      "mostrador/HELADERA/status",
      "$SYS/#",
      "$mostrador/consumed",
    ]) {
      expect(checkSubscribe(ha, f), f).toBe(false);
    }
  });

  it("forwards to Home Assistant discovery and states but never a command", () => {
    expect(mayReceive(ha, "homeassistant/sensor/heladera-1/temp/config")).toBe(true);
    expect(mayReceive(ha, "mostrador/heladera-1/status")).toBe(true);
    expect(mayReceive(ha, "mostrador/heladera-1/sensor/temp/state")).toBe(true);
    expect(mayReceive(ha, "mostrador/heladera-1/relay/compresor/state")).toBe(true);
    expect(mayReceive(ha, "mostrador/heladera-1/relay/compresor/set")).toBe(false);
    expect(mayReceive(ha, "$SYS/x/heartbeat")).toBe(false);
  });

  it("delivers a command the gateway took over to nobody, not even the appliance", () => {
    for (const who of [ha, device, staff, internal]) expect(mayReceive(who, CONSUMED_TOPIC)).toBe(false);
  });
});

describe("topic policy with the shared parse cache", () => {
  const temp = "mostrador/heladera-1/sensor/temp/state";
  const echo = "mostrador/heladera-1/relay/compresor/state";

  it("refuses a topic it accepted a moment ago once the device is deactivated", () => {
    expect(pub(device, temp)).toBeNull();
    const deactivated = { ...fridge, active: false };
    expect(checkPublish(device, deactivated, temp, 3, limits)).toBe("inactive_device");
    expect(checkPublish(device, deactivated, "mostrador/heladera-1/status", 3, limits)).toBe(
      "inactive_device",
    );
  });

  it("refuses a sensor or relay topic it accepted before once that key is removed from the device", () => {
    expect(pub(device, temp)).toBeNull();
    expect(pub(device, echo)).toBeNull();
    const stripped: CachedDevice = { ...fridge, sensors: new Map(), relays: new Set() };
    expect(checkPublish(device, stripped, temp, 3, limits)).toBe("undeclared_key");
    expect(checkPublish(device, stripped, echo, 3, limits)).toBe("undeclared_key");
    // Putting the key back is seen at once too: nothing about the topic's verdict was remembered.
    expect(pub(device, temp)).toBeNull();
  });

  it("refuses the old identity once the slug belongs to a re-created device, and an unregistered one", () => {
    expect(pub(device, temp)).toBeNull();
    const recreated: CachedDevice = { ...fridge, id: "d2", secretHash: "1".repeat(64) };
    expect(checkPublish(device, recreated, temp, 3, limits)).toBe("foreign_device");
    expect(checkPublish(device, undefined, temp, 3, limits)).toBe("foreign_device");
  });

  it("still counts levels and refuses non-contract topics after they were seen once", () => {
    for (let i = 0; i < 2; i++) {
      expect(pub(device, "mostrador/heladera-1/sensor/temp/state/x")).toBe("topic_too_deep");
      expect(pub(device, "mostrador/heladera-1/sensor/temp")).toBe("not_in_contract");
      expect(pub(device, "mostrador/heladera-1/sensor/TEMP/state")).toBe("not_in_contract");
      expect(pub(device, "mostrador//sensor/temp/state")).toBe("not_in_contract");
    }
  });
});
