import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { toRanges, UNIT_MS } from "@mostrador/contracts/turnos/availability";
import { v7 as uuidv7 } from "uuid";
import type { OpFactory } from "../ingest/test-ops.js";

/**
 * A small clinic as its appliance uploads it (the sync map's payloads): one professional working
 * weekdays 9–13 and 14–18 in Buenos Aires, a 30-minute consulta (+10 minutes after) and a kinesiología
 * that needs a room (offered online only once the desk grants its room). Times in the tests: 2026-03-03 is a Tuesday.
 */
export const AT = "2026-03-02T12:00:00.000Z";
export const HOURS = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, kind: "work" as const, startMinute: 540, endMinute: 1080 },
  { weekday, kind: "break" as const, startMinute: 780, endMinute: 840 },
]);

export function clinic(label = "") {
  const consulta: OpPayload<"turno_service", "created"> = {
    id: uuidv7(),
    name: `Consulta${label}`,
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    price: 2_000_000,
    deposit: 0,
    active: true,
    updatedAt: AT,
  };
  const kine: OpPayload<"turno_service", "created"> = {
    ...consulta,
    id: uuidv7(),
    name: `Kinesiología${label}`,
    resourceIds: [uuidv7()],
  };
  const pro: OpPayload<"turno_professional", "created"> = {
    id: uuidv7(),
    name: `Dra. Paz${label}`,
    active: true,
    serviceIds: [consulta.id, kine.id],
    hours: HOURS,
    updatedAt: AT,
  };
  const rules: OpPayload<"turno_rules", "updated"> = {
    slotMinutes: 15,
    minNoticeMinutes: 60,
    horizonDays: 60,
    holdMinutes: 5,
    timeZone: "America/Argentina/Buenos_Aires",
    updatedAt: AT,
  };
  return { consulta, kine, pro, rules };
}

export type Clinic = ReturnType<typeof clinic>;

export function setupOps(f: OpFactory, c: Clinic) {
  return [
    f.op("turno_service", c.consulta.id, "created", c.consulta),
    f.op("turno_service", c.kine.id, "created", c.kine),
    f.op("turno_professional", c.pro.id, "created", c.pro),
    f.op("turno_rules", "rules", "updated", c.rules),
  ];
}

/** Every unit of [from, to) as the desk grants them. */
export function allotment(c: Clinic, from: string, to: string) {
  const units: number[] = [];
  for (let u = Date.parse(from) / UNIT_MS; u < Date.parse(to) / UNIT_MS; u++) units.push(u);
  const payload: OpPayload<"turno_allotment", "granted"> = {
    id: uuidv7(),
    professionalId: c.pro.id,
    start: from,
    end: to,
    ranges: toRanges(units),
    rules: c.rules,
    updatedAt: AT,
  };
  return payload;
}
