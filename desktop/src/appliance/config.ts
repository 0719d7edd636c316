import { resolve } from "node:path";

/** Appliance configuration, from environment variables with defaults that work on a fresh machine. */
export interface ApplianceConfig {
  /** Folder holding the SQLite file (and later backups). MOSTRADOR_DATA_DIR, default ./data */
  dataDir: string;
  /** Interface the local API listens on; 0.0.0.0 so tablets on the shop LAN reach it. MOSTRADOR_HOST */
  host: string;
  /** Port of the local HTTP + WebSocket API and UI. MOSTRADOR_PORT, default 8420 */
  port: number;
  /** Seed the demo almacén into an empty database. MOSTRADOR_DEMO, default 1 */
  seedDemo: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApplianceConfig {
  const port = Number(env.MOSTRADOR_PORT ?? 8420);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`MOSTRADOR_PORT inválido: ${env.MOSTRADOR_PORT}`);
  }
  return {
    dataDir: resolve(env.MOSTRADOR_DATA_DIR ?? "data"),
    host: env.MOSTRADOR_HOST ?? "0.0.0.0",
    port,
    seedDemo: (env.MOSTRADOR_DEMO ?? "1") !== "0",
  };
}
