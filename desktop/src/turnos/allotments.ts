import type { Allotment, GrantInput } from "@mostrador/contracts/http/turnos";
import { toRanges, UNIT_MS } from "@mostrador/contracts/turnos/availability";
import { type Ctx, isoNow, nowMs } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { bookableWindow } from "./availability.js";
import { releaseExpiredHolds } from "./bookings.js";
import { getProfessional, getRules, rulesPayload } from "./setup.js";

/**
 * "Turnos en línea" at the desk: the appliance grants the cloud an allotment of a professional's units
 * and asks them back (docs/turnos.md, the handshake). Granting gives every still-free unit of the window
 * to the allotment's keys and enqueues the grant in ONE IMMEDIATE transaction, so from that commit the
 * desk cannot book there; the cloud may book them from the moment it stores the grant. A reclaim only
 * asks: the units come back when the cloud answers (sync/src/download/turnos-apply.ts).
 */

const DAY = 86_400_000;
const MAX_GRANT_DAYS = 90;

const SELECT = `SELECT a.id, a.professional_id AS professionalId, p.name AS professionalName, a.start_at AS start,
  a.end_at AS end, a.state, a.created_at AS createdAt, a.updated_at AS updatedAt,
  (SELECT count(*) FROM turno_slots s WHERE s.allotment_id = a.id) AS freeUnits,
  (SELECT count(*) FROM turno_bookings b WHERE b.allotment_id = a.id AND b.state <> 'cancelled') AS onlineBookings
  FROM turno_allotments a JOIN turno_professionals p ON p.id = a.professional_id`;

export function getAllotment(db: Db, id: string): Allotment {
  const a = stmt(db, `${SELECT} WHERE a.id = ?`).get(id) as Allotment | undefined;
  if (!a)
    throw new DomainError("not_found", "allotment_not_found", "Esa reserva de turnos en línea no existe");
  return a;
}

/** Allotments not yet returned, and the returned ones of the last 30 days, newest first. */
export function listAllotments(ctx: Ctx, professionalId?: string): Allotment[] {
  const since = new Date(nowMs(ctx.clock) - 30 * DAY).toISOString();
  return stmt(
    ctx.db,
    `${SELECT} WHERE (a.state <> 'returned' OR a.updated_at >= ?) AND (? IS NULL OR a.professional_id = ?)
       AND a.purpose = 'online'
     ORDER BY a.start_at DESC, a.id`,
  ).all(since, professionalId ?? null, professionalId ?? null) as Allotment[];
}

/** The window asked for: from/to (on the 5-minute grid), or the next N days (the rules' onlineDays). */
function windowOf(ctx: Ctx, input: GrantInput): { start: number; end: number } {
  const now = nowMs(ctx.clock);
  const rules = getRules(ctx.db);
  const horizonEnd = bookableWindow(rules, now).end;
  if (input.from !== undefined || input.to !== undefined) {
    if (input.from === undefined || input.to === undefined)
      throw new DomainError("invalid", "grant_window", "Indicá desde y hasta cuándo");
    const start = Date.parse(input.from);
    const end = Date.parse(input.to);
    if (start % UNIT_MS !== 0 || end % UNIT_MS !== 0)
      throw new DomainError("invalid", "not_on_grid", "El horario debe caer en múltiplos de 5 minutos");
    if (end <= start) throw new DomainError("invalid", "range_reversed", "El final es anterior al inicio");
    if (start < now) throw new DomainError("invalid", "in_the_past", "Ese horario ya pasó");
    if (end - start > MAX_GRANT_DAYS * DAY)
      throw new DomainError("invalid", "grant_too_long", `Se reservan hasta ${MAX_GRANT_DAYS} días por vez`);
    return { start, end: Math.min(end, horizonEnd) };
  }
  const days = input.days ?? rules.onlineDays ?? 14;
  const start = Math.ceil(now / UNIT_MS) * UNIT_MS;
  return { start, end: Math.min(start + days * DAY, Math.floor(horizonEnd / UNIT_MS) * UNIT_MS) };
}

export function grantAllotment(ctx: Ctx, input: GrantInput): Allotment {
  const id = ctx.db
    .transaction(() => {
      releaseExpiredHolds(ctx);
      const pro = getProfessional(ctx.db, input.professionalId);
      if (!pro.active)
        throw new DomainError("invalid", "professional_inactive", "El profesional no está atendiendo");
      const { start, end } = windowOf(ctx, input);
      const fromUnit = start / UNIT_MS;
      const toUnit = end / UNIT_MS;
      const taken = new Set(
        (
          stmt(ctx.db, "SELECT unit FROM turno_slots WHERE owner_id = ? AND unit >= ? AND unit < ?").all(
            pro.id,
            fromUnit,
            toUnit,
          ) as { unit: number }[]
        ).map((r) => r.unit),
      );
      const units: number[] = [];
      for (let u = fromUnit; u < toUnit; u++) if (!taken.has(u)) units.push(u);
      if (units.length === 0)
        throw new DomainError("conflict", "nothing_free", "No queda ningún horario libre en ese período");
      return insertAllotment(ctx, pro.id, start, end, units, "online");
    })
    .immediate();
  ctx.bus.emit("turnos.changed", { bookingIds: [] });
  return getAllotment(ctx.db, id);
}

/**
 * The allotment row ('granting'), its keys for `units` (free: the caller checked, inside its IMMEDIATE
 * transaction) and the grant op. `purpose` 'waitlist': a freed slot the cloud offers to the waitlist
 * (desktop/src/turnos/waitlist.ts), never shown on the public booking page.
 */
export function insertAllotment(
  ctx: Ctx,
  professionalId: string,
  start: number,
  end: number,
  units: number[],
  purpose: "online" | "waitlist",
): string {
  const allotmentId = newId();
  const at = isoNow(ctx);
  const startIso = new Date(start).toISOString();
  const endIso = new Date(end).toISOString();
  stmt(
    ctx.db,
    `INSERT INTO turno_allotments (id, professional_id, start_at, end_at, state, purpose, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'granting', ?, ?, ?)`,
  ).run(allotmentId, professionalId, startIso, endIso, purpose, at, at);
  const key = stmt(ctx.db, "INSERT INTO turno_slots (owner_id, unit, allotment_id) VALUES (?, ?, ?)");
  for (const u of units) key.run(professionalId, u, allotmentId);
  enqueueOutbox(ctx.db, {
    entity: "turno_allotment",
    entityId: allotmentId,
    op: "granted",
    payload: {
      id: allotmentId,
      professionalId,
      start: startIso,
      end: endIso,
      ranges: toRanges(units),
      rules: rulesPayload(ctx),
      updatedAt: at,
      ...(purpose === "waitlist" ? { purpose } : {}),
    },
    at,
  });
  return allotmentId;
}

/** The desk asks the allotment back; its free units return when the cloud answers (state reclaiming). */
export function reclaimAllotment(ctx: Ctx, id: string): Allotment {
  ctx.db
    .transaction(() => {
      const a = getAllotment(ctx.db, id);
      if (a.state === "reclaiming" || a.state === "returned")
        throw new DomainError("conflict", "already_reclaimed", "Ya se pidió devolver esos turnos en línea");
      const at = isoNow(ctx);
      stmt(
        ctx.db,
        "UPDATE turno_allotments SET state = 'reclaiming', reclaim_requested_at = ?, updated_at = ? WHERE id = ?",
      ).run(at, at, id);
      enqueueOutbox(ctx.db, {
        entity: "turno_allotment",
        entityId: id,
        op: "reclaim",
        payload: {
          id,
          professionalId: a.professionalId,
          start: a.start,
          end: a.end,
          ranges: [],
          updatedAt: at,
        },
        at,
      });
    })
    .immediate();
  ctx.bus.emit("turnos.changed", { bookingIds: [] });
  return getAllotment(ctx.db, id);
}
