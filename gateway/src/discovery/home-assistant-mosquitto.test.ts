import { execFile } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { changeSettings } from "@mostrador/kernel/staff/settings-changes";
import { openTestGateway, settle, type TestGateway } from "../test-gateway.js";
import { discoveryExtension } from "./discovery-extension.js";
import { issueHomeAssistantCredentials } from "./home-assistant-credentials.js";

/** Debian's mosquitto_sub: an MQTT client independent of mqtt.js and Aedes, standing in for Home Assistant. */
function mosquittoSub(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("/usr/bin/mosquitto_sub", args, { timeout: 10_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("Home Assistant seen as mosquitto_sub", () => {
  let t: TestGateway;
  let password: string;
  const asHomeAssistant = () => [
    "-h",
    "127.0.0.1",
    "-p",
    String(t.gateway.port),
    "-i",
    "ha-mosquitto",
    "-u",
    "homeassistant",
    "-P",
    password,
  ];

  beforeEach(async () => {
    t = await openTestGateway({ extensions: [discoveryExtension] });
    t.addDevice();
    const owner = createStaff(t.core, { name: "Martín", role: "owner", pin: "2222" });
    changeSettings(
      t.core,
      { staffId: owner.id, name: owner.name, role: "owner", terminalId: null },
      { homeAssistantDiscovery: true },
    );
    password = issueHomeAssistantCredentials(t.core).password;
    await settle(100);
  });
  afterEach(async () => {
    await t.close();
  });

  it("reads the retained discovery configs with Home Assistant's credentials", async () => {
    const result = await mosquittoSub([
      ...asHomeAssistant(),
      "-t",
      "homeassistant/#",
      "-v",
      "-C",
      "3",
      "-W",
      "5",
    ]);
    expect(result.code).toBe(0);
    const topics = result.stdout
      .trim()
      .split("\n")
      .map((line) => line.slice(0, line.indexOf(" ")))
      .sort();
    expect(topics).toEqual([
      "homeassistant/binary_sensor/heladera-1/puerta/config",
      "homeassistant/sensor/heladera-1/temp/config",
      "homeassistant/switch/heladera-1/compresor/config",
    ]);
    expect(result.stdout).toContain('"command_topic":"mostrador/heladera-1/relay/compresor/set"');
  });

  it("is denied mostrador/# (it may not read relay commands)", async () => {
    const result = await mosquittoSub([...asHomeAssistant(), "-t", "mostrador/#", "-C", "1", "-W", "3"]);
    // mosquitto_sub reports a SUBACK 128 for every filter and stops (exit code 0) having read nothing.
    expect(result.stderr).toMatch(/All subscription requests were denied/);
    expect(result.stdout).toBe("");
    expect(t.gateway.stats().subscriptions.refused).toBe(1);
  });

  it("is refused with a wrong password", async () => {
    password = "equivocada";
    const result = await mosquittoSub([...asHomeAssistant(), "-t", "homeassistant/#", "-C", "1", "-W", "3"]);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/bad user name or password/i);
  });
});
