import type { Ctx } from "@mostrador/kernel/core/context";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { seedDemoCatalog } from "./demo-catalog.js";

/** The demo staff and their PINs, printed by `npm start` so a newcomer can log in. */
export const DEMO_STAFF = [
  { name: "Lucía", role: "cashier", pin: "1111" },
  { name: "Martín", role: "owner", pin: "2222" },
] as const;

/** True when the database holds no shop yet (no terminal): the first start. */
export function isEmptyShop(ctx: Ctx): boolean {
  return !ctx.db.prepare("SELECT 1 FROM terminals LIMIT 1").get();
}

/** Seeds the demo almacén: settings, two tills, two staff members and about 200 products with stock. */
export function seedDemoShop(ctx: Ctx): void {
  ctx.db.transaction(() => {
    updateSettings(ctx.db, {
      name: "Almacén La Esquina",
      legalName: "La Esquina de Tito S.R.L.",
      taxId: "30-71234567-1",
      address: "Av. Corrientes 1234, CABA",
      receiptFooter: "¡Gracias por su compra! Cambios dentro de los 30 días con este ticket.",
    });
    createTerminal(ctx, { code: 1, name: "Caja 1" });
    createTerminal(ctx, { code: 2, name: "Caja 2" });
    for (const s of DEMO_STAFF) createStaff(ctx, { name: s.name, role: s.role, pin: s.pin });
    seedDemoCatalog(ctx);
  })();
}
