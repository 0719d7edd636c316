import type { Professional, Service } from "@mostrador/contracts/http/turnos";
import type { Ctx } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createProfessional, createService } from "./setup.js";

/** Monday 23 Nov 2026, 08:00 in Buenos Aires (UTC−3). */
export const MONDAY_8AM = "2026-11-23T11:00:00.000Z";

/** Mon–Fri 09:00–18:00 with a 13:00–14:00 break, in minutes of the local day. */
export const WEEKDAY_HOURS = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, kind: "work" as const, startMinute: 540, endMinute: 1080 },
  { weekday, kind: "break" as const, startMinute: 780, endMinute: 840 },
]);

export interface Clinic {
  consulta: Service;
  kinesio: Service;
  lopez: Professional;
  perez: Professional;
}

/**
 * A small clinic: "Consulta" (30 min + 10 min after, $20.000, seña $5.000) given by Dra. López and Dr.
 * Pérez, "Kinesiología" (45 min) by Pérez only; both work weekdays 9–18 with a break 13–14.
 */
export function seedClinic(ctx: Ctx, timeZone = "America/Argentina/Buenos_Aires"): Clinic {
  updateSettings(ctx.db, { timeZone });
  const consulta = createService(ctx, {
    name: "Consulta",
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    price: 2_000_000,
    deposit: 500_000,
    copays: [{ payer: "OSDE", copay: 300_000 }],
  });
  const kinesio = createService(ctx, {
    name: "Kinesiología",
    durationMinutes: 45,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    price: 1_500_000,
    deposit: 0,
  });
  const lopez = createProfessional(ctx, {
    name: "Dra. López",
    serviceIds: [consulta.id],
    hours: WEEKDAY_HOURS,
  });
  const perez = createProfessional(ctx, {
    name: "Dr. Pérez",
    serviceIds: [consulta.id, kinesio.id],
    hours: WEEKDAY_HOURS,
  });
  return { consulta, kinesio, lopez, perez };
}

/** A patient (a customer row) for bookings. */
export function seedPatient(ctx: Ctx, name = "Ana Gómez"): string {
  const id = newId();
  const at = ctx.clock.now().toISOString();
  ctx.db
    .prepare(
      "INSERT INTO customers (id, name, name_key, born_at, created_at, updated_at) VALUES (?, ?, ?, 'till', ?, ?)",
    )
    .run(id, name, name.toLowerCase(), at, at);
  return id;
}
