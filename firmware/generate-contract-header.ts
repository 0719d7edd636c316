/** Writes the firmware's C++ header of the MQTT contract: `npm --workspace firmware run generate:contract`. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CONTRACT_HEADER_PATH, contractHeader } from "./contract-header.js";

const path = fileURLToPath(new URL(CONTRACT_HEADER_PATH, import.meta.url));
writeFileSync(path, contractHeader());
console.log(`escrito ${path}`);
