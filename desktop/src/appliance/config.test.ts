import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { loadConfig, loadShellConfig } from "./config.js";

describe("appliance configuration", () => {
  it("runs the MQTT broker on 1883 on every interface by default", () => {
    expect(loadConfig({})).toMatchObject({ port: 8420, mqttPort: 1883, mqttHost: "0.0.0.0" });
  });

  it("takes MOSTRADOR_MQTT_PORT and MOSTRADOR_MQTT_HOST, and an ephemeral broker port when the API's is ephemeral", () => {
    expect(loadConfig({ MOSTRADOR_MQTT_PORT: "1884", MOSTRADOR_MQTT_HOST: "127.0.0.1" })).toMatchObject({
      mqttPort: 1884,
      mqttHost: "127.0.0.1",
    });
    expect(loadConfig({ MOSTRADOR_PORT: "0" }).mqttPort).toBe(0);
  });

  it("refuses an MQTT port that is not a port", () => {
    expect(() => loadConfig({ MOSTRADOR_MQTT_PORT: "70000" })).toThrow(/MOSTRADOR_MQTT_PORT/);
    expect(() => loadConfig({ MOSTRADOR_MQTT_PORT: "abc" })).toThrow(/MOSTRADOR_MQTT_PORT/);
  });

  it("runs the simulated shop unless MOSTRADOR_SIMULATOR=0", () => {
    expect(loadConfig({}).simulator).toBe(true);
    expect(loadConfig({ MOSTRADOR_SIMULATOR: "0" }).simulator).toBe(false);
  });

  it("with MOSTRADOR_DEMO=0 seeds no demo shop and runs no simulated shop", () => {
    expect(loadConfig({})).toMatchObject({ seedDemo: true, simulator: true });
    expect(loadConfig({ MOSTRADOR_DEMO: "0" })).toMatchObject({ seedDemo: false, simulator: false });
  });

  it("runs the simulated shop without the demo only when MOSTRADOR_SIMULATOR=1 says so", () => {
    expect(loadConfig({ MOSTRADOR_DEMO: "0", MOSTRADOR_SIMULATOR: "1" }).simulator).toBe(true);
    expect(loadConfig({ MOSTRADOR_DEMO: "1", MOSTRADOR_SIMULATOR: "0" }).simulator).toBe(false);
    expect(loadConfig({ MOSTRADOR_DEMO: "0", MOSTRADOR_SIMULATOR: "" }).simulator).toBe(false);
  });

  it("in the Electron shell, seeds no demo and runs no simulator unless the environment asks", () => {
    expect(loadShellConfig({}, "/datos")).toMatchObject({ seedDemo: false, simulator: false });
    expect(loadShellConfig({ MOSTRADOR_DEMO: "" }, "/datos")).toMatchObject({
      seedDemo: false,
      simulator: false,
    });
    expect(loadShellConfig({ MOSTRADOR_DEMO: "1" }, "/datos")).toMatchObject({
      seedDemo: true,
      simulator: true,
    });
    expect(loadShellConfig({ MOSTRADOR_SIMULATOR: "1" }, "/datos")).toMatchObject({
      seedDemo: false,
      simulator: true,
    });
    expect(loadShellConfig({}, "/datos").dataDir).toBe(resolve("/datos"));
    expect(loadShellConfig({ MOSTRADOR_DATA_DIR: "/otra" }, "/datos").dataDir).toBe(resolve("/otra"));
  });
});
