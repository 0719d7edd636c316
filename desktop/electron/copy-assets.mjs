// After `tsc -p electron/tsconfig.json`, desktop/electron/dist mirrors desktop/ (dist/electron, dist/src).
// tsc copies no data files, so the two the compiled code finds by relative URL are copied next to it:
//   src/db/migrate.js      → ./migrations/*.sql      (dist/src/db/migrations)
//   src/appliance/appliance.js → ../../ui/dist/      (dist/ui/dist, the built UI)
import { cpSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const desktop = fileURLToPath(new URL("../", import.meta.url));
const dist = fileURLToPath(new URL("./dist/", import.meta.url));

cpSync(`${desktop}src/db/migrations`, `${dist}src/db/migrations`, { recursive: true });
if (existsSync(`${desktop}ui/dist`)) {
  cpSync(`${desktop}ui/dist`, `${dist}ui/dist`, { recursive: true });
} else {
  console.warn("desktop/ui/dist no existe: corré `npm run build:ui` antes de empaquetar");
}
