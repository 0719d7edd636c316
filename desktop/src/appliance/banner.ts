import { DEMO_STAFF, isEmptyShop } from "../seed/demo-shop.js";
import type { RunningAppliance } from "./appliance.js";
import type { ApplianceConfig } from "./config.js";

const ROLE_LABEL = { cashier: "cajera", manager: "encargado", owner: "dueño" } as const;

/**
 * What `npm start` prints: where the till, the API and the broker are, and how to log in to the demo — or,
 * with MOSTRADOR_DEMO=0 on an empty database, that there is nothing to log in to yet.
 */
export function applianceBanner(appliance: RunningAppliance, config: ApplianceConfig): string[] {
  const port = new URL(appliance.url).port;
  const lines = [
    "",
    "  Mostrador está listo.",
    `    Caja (UI):   ${appliance.url}  (en la red del local: http://<esta-pc>:${port})`,
    `    API:         ${appliance.url}/api   ·   eventos: ws://127.0.0.1:${port}/api/events`,
    `    Datos:       ${config.dataDir}`,
  ];
  // The gateway is optional: the till keeps working when the MQTT port is taken (appliance.ts logs why).
  if (appliance.gateway) {
    lines.push(
      `    Sensores:    mqtt://<esta-pc>:${appliance.gateway.port} (ESP32)   ·   ws://127.0.0.1:${port}/mqtt (UI)`,
      `    Simulador:   ${config.simulator ? "encendido (MOSTRADOR_SIMULATOR=0 lo apaga)" : "apagado (MOSTRADOR_SIMULATOR=1 lo enciende)"}`,
    );
  } else {
    lines.push("    Sensores:    gateway MQTT apagado (no pudo iniciar; ver el error de arriba)");
  }
  if (appliance.seededDemo) {
    lines.push("    Demo: se cargó el Almacén La Esquina. PINs:");
    for (const s of DEMO_STAFF)
      lines.push(`      ${s.name.padEnd(8)} ${ROLE_LABEL[s.role].padEnd(7)} PIN ${s.pin}`);
  } else if (config.seedDemo) {
    lines.push(
      `    PINs de demo (si no los cambiaron): ${DEMO_STAFF.map((s) => `${s.name} ${s.pin}`).join(", ")}`,
    );
  } else if (isEmptyShop(appliance.ctx)) {
    lines.push(
      "    Local sin datos todavía (MOSTRADOR_DEMO=0): abrí la caja para configurarlo (asistente de primer uso).",
      "      Para ver el local de demo, arrancá sin MOSTRADOR_DEMO=0: se carga en esta base vacía.",
    );
  }
  return lines;
}

/** Closes `close` once on SIGINT/SIGTERM, then exits. */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`Cerrando (${signal})…`);
    await close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
