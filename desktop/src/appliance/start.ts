/**
 * The appliance alone, headless — edge core, local API, UI and MQTT gateway — with the demo shop seeded on
 * first start (what a shop PC without Electron runs; `npm start` adds the embedded cloud, scripts/start.ts).
 * Prints `MOSTRADOR_READY <url>` once listening (tests and scripts wait for it).
 */
import { startAppliance } from "./appliance.js";
import { applianceBanner, closeOnSignals } from "./banner.js";
import { loadConfig } from "./config.js";

const config = loadConfig();
const appliance = await startAppliance(config);
console.log(applianceBanner(appliance, config).join("\n"));
console.log(`MOSTRADOR_READY ${appliance.url}`);
closeOnSignals(() => appliance.close());
