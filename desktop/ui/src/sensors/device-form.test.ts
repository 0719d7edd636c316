import { describe, expect, it } from "vitest";
import type { Device } from "@mostrador/contracts/http/devices";
import { credentialsFor, type DeviceForm, deviceFormToBody } from "./device-form.js";

const form = (changes: Partial<DeviceForm> = {}): DeviceForm => ({
  slug: "heladera-2",
  name: "  Heladera   lácteos ",
  sensors: [{ key: "temperature", kind: "temperature", min: "-30", max: "40" }],
  relays: [{ key: "luz", name: "Luz", maxOnMinutes: "20" }],
  ...changes,
});

describe("add device form", () => {
  it("builds the body with the narrowed range and the failsafe in seconds", () => {
    expect(deviceFormToBody(form())).toEqual({
      body: {
        slug: "heladera-2",
        name: "Heladera lácteos",
        sensors: [{ key: "temperature", kind: "temperature", min: -30, max: 40 }],
        relays: [{ key: "luz", name: "Luz", maxOnSeconds: 1200 }],
      },
    });
  });

  it("leaves out an empty range and an empty failsafe so the server's defaults apply", () => {
    const result = deviceFormToBody(
      form({
        sensors: [{ key: "door", kind: "door", min: "", max: "" }],
        relays: [{ key: "valve", name: "Válvula", maxOnMinutes: "" }],
      }),
    );
    expect(result).toEqual({
      body: {
        slug: "heladera-2",
        name: "Heladera lácteos",
        sensors: [{ key: "door", kind: "door" }],
        relays: [{ key: "valve", name: "Válvula" }],
      },
    });
  });

  it("refuses what the server would refuse, naming the row", () => {
    expect(deviceFormToBody(form({ slug: "Heladera" }))).toEqual({ problem: "slug" });
    expect(deviceFormToBody(form({ name: " " }))).toEqual({ problem: "name" });
    expect(
      deviceFormToBody(form({ sensors: [{ key: "t", kind: "temperature", min: "-50", max: "" }] })),
    ).toEqual({ problem: "sensor_range", row: 0 });
    expect(
      deviceFormToBody(form({ sensors: [{ key: "t", kind: "humidity", min: "60", max: "40" }] })),
    ).toEqual({
      problem: "sensor_range",
      row: 0,
    });
    expect(deviceFormToBody(form({ relays: [{ key: "temperature", name: "X", maxOnMinutes: "" }] }))).toEqual(
      {
        problem: "duplicate_key",
        row: 0,
      },
    );
    expect(deviceFormToBody(form({ relays: [{ key: "luz", name: "Luz", maxOnMinutes: "1441" }] }))).toEqual({
      problem: "relay_minutes",
      row: 0,
    });
    expect(deviceFormToBody(form({ relays: [{ key: "luz", name: "", maxOnMinutes: "" }] }))).toEqual({
      problem: "relay_name",
      row: 0,
    });
  });
});

describe("device credentials", () => {
  it("uses the slug as the username and lists the topics the device must use", () => {
    const device = {
      id: "d1",
      slug: "riego",
      sensors: [{ key: "soil", kind: "soil_moisture", unit: "%", min: 0, max: 100 }],
      relays: [{ key: "valve", name: "Válvula", maxOnSeconds: 600 }],
    } as unknown as Device;
    expect(credentialsFor(device, "s3cr3t", "192.168.0.10", 1883)).toEqual({
      host: "192.168.0.10",
      port: 1883,
      username: "riego",
      password: "s3cr3t",
      publishes: [
        "mostrador/riego/status",
        "mostrador/riego/sensor/soil/state",
        "mostrador/riego/relay/valve/state",
      ],
      subscribes: ["mostrador/riego/relay/valve/set"],
    });
  });
});
