import {
  type EntitledModule,
  type EntitlementRecord,
  LAPSED,
  type LimitKey,
} from "@mostrador/contracts/billing/plans";
import type { Ctx } from "../core/context.js";
import { nowMs } from "../core/context.js";
import { readEntitlements } from "./store.js";
import { uptimeSinceIssued } from "./uptime.js";

/** How long the last record holds with no contact with the cloud. */
export const GRACE_DAYS = 14;
const DAY_MS = 86_400_000;

/** The modules' names in the reasons the kernel gives (Spanish, as every refusal; the UIs translate codes). */
export const MODULE_NAMES_ES: Record<EntitledModule, string> = {
  stock_purchasing: "Stock y compras",
  cards: "Tarjetas",
  turnos: "Turnos",
  fiscal: "Facturación electrónica",
  marketing: "Marketing",
  iot: "Dispositivos (IoT)",
};

export type EntitlementState =
  /** Never received a record (demo, CLI tenants, before billing, not enrolled): every module on. */
  | { kind: "unmanaged" }
  | {
      kind: "managed";
      record: EntitlementRecord;
      /** Days since the cloud's signed time, counted so that turning the PC's clock back gives none back. */
      offlineDays: number;
      graceDaysLeft: number;
      graceOver: boolean;
    }
  /** The kept record does not verify (edited in the file): extras off until the cloud sends a new one. */
  | { kind: "invalid"; reason: string };

/**
 * The appliance's entitlements now. Time since the record's signed `issuedAt` is the LARGER of the
 * appliance's own monotonic uptime since then (saved every minute) and the PC clock's difference: turning
 * the clock back does not extend the grace (uptime still counts), while nights with the PC off still
 * count (the clock does). A clock turned forward shortens it, and the next contact restores it.
 */
export function entitlementState(ctx: Ctx): EntitlementState {
  const stored = readEntitlements(ctx.db);
  if (stored.kind === "none") return { kind: "unmanaged" };
  if (stored.kind === "invalid") return stored;
  const issuedMs = Date.parse(stored.record.issuedAt);
  const uptime = uptimeSinceIssued(ctx.db);
  const uptimeMs = uptime && uptime.issuedAt === stored.record.issuedAt ? uptime.uptimeMs : 0;
  const elapsedMs = Math.max(uptimeMs, nowMs(ctx.clock) - issuedMs, 0);
  const offlineDays = Math.floor(elapsedMs / DAY_MS);
  const graceOver = elapsedMs >= GRACE_DAYS * DAY_MS;
  return {
    kind: "managed",
    record: stored.record,
    offlineDays,
    graceDaysLeft: Math.max(0, Math.ceil((GRACE_DAYS * DAY_MS - elapsedMs) / DAY_MS)),
    graceOver,
  };
}

export type ModuleAccess =
  { on: true } | { on: false; code: "not_in_plan" | "grace_over" | "record_invalid"; reason: string };

/** Whether a module of the plan may run now, and if not, why (said to the person at the till). */
export function moduleAccess(state: EntitlementState, module: EntitledModule): ModuleAccess {
  if (state.kind === "unmanaged") return { on: true };
  if (state.kind === "invalid")
    return {
      on: false,
      code: "record_invalid",
      reason: `${MODULE_NAMES_ES[module]} está apagado: el registro del plan de este equipo no es válido (${state.reason}); vuelve con el próximo que envíe la nube`,
    };
  if (state.graceOver)
    return {
      on: false,
      code: "grace_over",
      reason: `Sin contacto con la nube hace ${state.offlineDays} días: ${MODULE_NAMES_ES[module]} queda apagado hasta que vuelva la conexión (vender, la caja y los datos siguen funcionando)`,
    };
  if (!state.record.modules.includes(module))
    return { on: false, code: "not_in_plan", reason: `Tu plan no incluye ${MODULE_NAMES_ES[module]}` };
  return { on: true };
}

/**
 * A limit of the plan, or null for none. Past the grace period or with an invalid record, the lapsed
 * plan's (básico's) limits hold: what exists keeps working, only creating more is refused.
 */
export function limitOf(state: EntitlementState, key: LimitKey): number | null {
  if (state.kind === "unmanaged") return null;
  if (state.kind === "invalid") return LAPSED.limits[key];
  if (state.graceOver) return Math.min(LAPSED.limits[key], state.record.limits[key]);
  return state.record.limits[key];
}
