import { resolve } from "node:path";

/** Appliance configuration, from environment variables with defaults that work on a fresh machine. */
export interface ApplianceConfig {
  /** Folder holding the SQLite file (and later backups). MOSTRADOR_DATA_DIR, default ./data */
  dataDir: string;
  /** Interface the local API listens on; 0.0.0.0 so tablets on the shop LAN reach it. MOSTRADOR_HOST */
  host: string;
  /** Port of the local HTTP + WebSocket API and UI. MOSTRADOR_PORT, default 8420 */
  port: number;
  /**
   * Seed the demo almacén into an empty database. MOSTRADOR_DEMO, default 1 — and the default of every other
   * demo switch: the simulator here, the embedded cloud's demo tenant (CLOUD_DEMO, cloud/src/start.ts) and
   * so the pairing with it (scripts/start.ts). MOSTRADOR_DEMO=0 alone means no demo anywhere.
   */
  seedDemo: boolean;
  /**
   * MQTT broker for the shop's ESP32 sensors and relays (gateway/). MOSTRADOR_MQTT_PORT, default 1883 —
   * or 0 (any free port) when MOSTRADOR_PORT is 0, so test and second instances never fight over 1883.
   * Optional so older callers keep compiling: absent means the same rule.
   */
  mqttPort?: number;
  /** MOSTRADOR_MQTT_HOST, default 0.0.0.0 (ESP32 nodes reach it over the shop LAN). */
  mqttHost?: string;
  /**
   * Run the simulated shop (eight sensor models on five devices) so the demo shows live readings and alarms.
   * MOSTRADOR_SIMULATOR, default MOSTRADOR_DEMO's value; absent in a hand-built config means off.
   */
  simulator?: boolean;
  /**
   * Sync with the cloud once the appliance is enrolled: outbox upload and catalog download.
   * MOSTRADOR_SYNC, default 1; absent in a hand-built config means off.
   */
  sync?: boolean;
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
  const port = Number(value ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} inválido: ${value}`);
  return port;
}

/** A switch: "0" is off, any other value on; unset or empty takes `fallback`. */
function flag(value: string | undefined, fallback: boolean): boolean {
  return value === undefined || value === "" ? fallback : value !== "0";
}

/** 1883 is MQTT's registered port; an ephemeral API port means an ephemeral broker port too. */
export function defaultMqttPort(apiPort: number): number {
  return apiPort === 0 ? 0 : 1883;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApplianceConfig {
  const port = parsePort("MOSTRADOR_PORT", env.MOSTRADOR_PORT, 8420);
  const demo = flag(env.MOSTRADOR_DEMO, true);
  return {
    dataDir: resolve(env.MOSTRADOR_DATA_DIR ?? "data"),
    host: env.MOSTRADOR_HOST ?? "0.0.0.0",
    port,
    seedDemo: demo,
    mqttPort: parsePort("MOSTRADOR_MQTT_PORT", env.MOSTRADOR_MQTT_PORT, defaultMqttPort(port)),
    mqttHost: env.MOSTRADOR_MQTT_HOST ?? "0.0.0.0",
    simulator: flag(env.MOSTRADOR_SIMULATOR, demo),
    sync: flag(env.MOSTRADOR_SYNC, true),
  };
}

/**
 * The Electron shell's configuration: a shop's real till. Unlike `npm start`, it never seeds the demo
 * shop nor runs the simulator unless the environment asks (MOSTRADOR_DEMO=1, MOSTRADOR_SIMULATOR=1): an
 * empty appliance opens the first-run wizard instead. The database lives in the app's data folder
 * (`userDataDir`) unless MOSTRADOR_DATA_DIR says otherwise (packaged apps start in a read-only folder).
 */
export function loadShellConfig(env: NodeJS.ProcessEnv, userDataDir: string): ApplianceConfig {
  return loadConfig({
    MOSTRADOR_DATA_DIR: userDataDir,
    ...env,
    MOSTRADOR_DEMO: flag(env.MOSTRADOR_DEMO, false) ? "1" : "0",
    MOSTRADOR_SIMULATOR: flag(env.MOSTRADOR_SIMULATOR, flag(env.MOSTRADOR_DEMO, false)) ? "1" : "0",
  });
}
