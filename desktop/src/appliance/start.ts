/**
 * The appliance alone, headless — edge core, local API, UI and MQTT gateway — with the demo shop seeded on
 * first start (what a shop PC without Electron runs; `npm start` adds the embedded cloud, scripts/start.ts).
 * Prints `MOSTRADOR_READY <url>` once listening (tests and scripts wait for it).
 */
import { startAppliance } from "./appliance.js";
import { applianceBanner, closeOnSignals } from "./banner.js";
import { loadConfig } from "./config.js";

const config = loadConfig();
// A restore from Ajustes restarts the appliance: the signals then close the new instance.
let appliance = await startAppliance(config, {
  onRestarted(next) {
    appliance = next;
    console.log(`MOSTRADOR_READY ${next.url}`);
  },
});
console.log(applianceBanner(appliance, config).join("\n"));
console.log(`MOSTRADOR_READY ${appliance.url}`);
closeOnSignals(() => appliance.close());
