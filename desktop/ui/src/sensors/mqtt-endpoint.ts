import { get } from "../api/client.js";

/** MQTT's registered port, the appliance's default (MOSTRADOR_MQTT_PORT). */
export const DEFAULT_MQTT_PORT = 1883;

/**
 * Where a device connects: this appliance's address as the browser reaches it, and the broker's TCP port.
 * The broker's TCP port comes from `mqttPort` in /api/gateway/stats.
 */
export async function mqttEndpoint(): Promise<{ host: string; port: number }> {
  let port = DEFAULT_MQTT_PORT;
  try {
    const stats = await get<{ mqttPort?: unknown }>("/api/gateway/stats");
    if (typeof stats.mqttPort === "number" && Number.isInteger(stats.mqttPort) && stats.mqttPort > 0)
      port = stats.mqttPort;
  } catch {
    // Gateway stopped: the default is still what a device should be flashed with.
  }
  return { host: location.hostname, port };
}
