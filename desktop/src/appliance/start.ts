/**
 * `npm start`: the appliance headless — edge core, local API and UI — with the demo shop seeded on first start.
 * Prints `MOSTRADOR_READY <url>` once listening (tests and scripts wait for it).
 */
import { DEMO_STAFF } from "../seed/demo-shop.js";
import { startAppliance } from "./appliance.js";
import { loadConfig } from "./config.js";

const ROLE_LABEL = { cashier: "cajera", manager: "encargado", owner: "dueño" } as const;

const config = loadConfig();
const appliance = await startAppliance(config);
const port = new URL(appliance.url).port;

console.log(`
  Mostrador está listo.
    Caja (UI):   ${appliance.url}  (en la red del local: http://<esta-pc>:${port})
    API:         ${appliance.url}/api   ·   eventos: ws://127.0.0.1:${port}/api/events
    Datos:       ${config.dataDir}`);
// The gateway is optional: the till keeps working when the MQTT port is taken (appliance.ts logs why).
if (appliance.gateway) {
  const mqttPort = appliance.gateway.port;
  console.log(`    Sensores:    mqtt://<esta-pc>:${mqttPort} (ESP32)   ·   ws://127.0.0.1:${port}/mqtt (UI)
    Simulador:   ${config.simulator ? "encendido (MOSTRADOR_SIMULATOR=0 lo apaga)" : "apagado"}`);
} else {
  console.log("    Sensores:    gateway MQTT apagado (no pudo iniciar; ver el error de arriba)");
}
if (appliance.seededDemo) {
  console.log("    Demo: se cargó el Almacén La Esquina. PINs:");
  for (const s of DEMO_STAFF)
    console.log(`      ${s.name.padEnd(8)} ${ROLE_LABEL[s.role].padEnd(7)} PIN ${s.pin}`);
} else if (config.seedDemo) {
  console.log(
    `    PINs de demo (si no los cambiaron): ${DEMO_STAFF.map((s) => `${s.name} ${s.pin}`).join(", ")}`,
  );
}
console.log(`MOSTRADOR_READY ${appliance.url}`);

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`Cerrando (${signal})…`);
  await appliance.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
