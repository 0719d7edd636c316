import type { SetupAnswer, SetupInput } from "@mostrador/contracts/http/setup";
import { rubroPreset } from "@mostrador/contracts/setup/rubros";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { getSettings, updateSettings } from "@mostrador/kernel/shop/settings";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { seedDemoShop } from "../seed/demo-shop.js";
import { checkSetup } from "./setup-input.js";

/** The wizard runs until the shop has an owner; from then on, owners manage the shop from Ajustes. */
export function setupNeeded(ctx: Ctx): boolean {
  return !ctx.db.prepare("SELECT 1 FROM staff WHERE role = 'owner' LIMIT 1").get();
}

function assertSetupNeeded(ctx: Ctx): void {
  if (!setupNeeded(ctx))
    throw new DomainError(
      "conflict",
      "setup_done",
      "Este equipo ya está configurado: los cambios se hacen en Ajustes, con el PIN de un dueño",
    );
}

/**
 * The first run, all or nothing: the shop's settings (with the rubro's receipt footer), its tills, the
 * owner and the printer in ONE transaction, so a wizard interrupted at any point (a power cut, a refused
 * value) leaves the appliance empty and the wizard starts again. Checked again inside the transaction, so
 * two screens finishing the wizard at once make one owner, not two.
 */
export function runSetup(ctx: Ctx, input: SetupInput): SetupAnswer {
  const setup = checkSetup(input);
  assertSetupNeeded(ctx);
  const preset = rubroPreset(setup.shop.rubro);
  const answer = ctx.db.transaction(() => {
    assertSetupNeeded(ctx);
    const settings = updateSettings(ctx.db, {
      ...setup.shop,
      receiptFooter: preset.receiptFooter,
      printer: { ...getSettings(ctx.db).printer, interface: setup.printerInterface },
    });
    const terminals = setup.terminals.map((t) => createTerminal(ctx, t));
    const owner = createStaff(ctx, { name: setup.owner.name, role: "owner", pin: setup.owner.pin });
    const at = isoNow(ctx);
    recordAudit(ctx.db, {
      at,
      staffId: owner.id,
      terminalId: null,
      action: "setup.completed",
      entity: "shop_settings",
      entityId: "shop",
      details: {
        rubro: setup.shop.rubro,
        terminals: terminals.length,
        printer: setup.printerInterface !== "",
      },
    });
    enqueueOutbox(ctx.db, {
      entity: "shop_settings",
      entityId: "shop",
      op: "updated",
      payload: settings,
      at,
    });
    return { ownerId: owner.id, terminals };
  })();
  ctx.bus.emit("settings.changed", { keys: Object.keys(setup.shop) });
  return answer;
}

/** "Probar con datos de ejemplo": the demo almacén (its staff and PINs are on the login screen's hint). */
export function runDemoSetup(ctx: Ctx): void {
  ctx.db.transaction(() => {
    assertSetupNeeded(ctx);
    if (ctx.db.prepare("SELECT 1 FROM terminals LIMIT 1").get())
      throw new DomainError(
        "conflict",
        "setup_done",
        "Este equipo ya tiene cajas: no se cargan datos de ejemplo",
      );
    seedDemoShop(ctx);
  })();
  ctx.bus.emit("settings.changed", { keys: ["name"] });
}
