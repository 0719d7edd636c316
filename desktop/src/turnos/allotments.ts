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

/**
 * Allotments not yet returned, and the returned ones of the last 30 days, newest first: the professionals'
 * (a resource's allotment goes and comes back with the professional's it was granted beside).
 */
export function listAllotments(ctx: Ctx, professionalId?: string): Allotment[] {
  const since = new Date(nowMs(ctx.clock) - 30 * DAY).toISOString();
  return stmt(
    ctx.db,
    `${SELECT} WHERE a.resource_id IS NULL AND (a.state <> 'returned' OR a.updated_at >= ?)
       AND (? IS NULL OR a.professional_id = ?) AND a.purpose = 'online'
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

/** The units of [fromUnit, toUnit) no key of `ownerId` has yet (a booking, a hold or another allotment). */
function freeUnitsOf(ctx: Ctx, ownerId: string, fromUnit: number, toUnit: number): number[] {
  const taken = new Set(
    (
      stmt(ctx.db, "SELECT unit FROM turno_slots WHERE owner_id = ? AND unit >= ? AND unit < ?").all(
        ownerId,
        fromUnit,
        toUnit,
      ) as { unit: number }[]
    ).map((r) => r.unit),
  );
  const units: number[] = [];
  for (let u = fromUnit; u < toUnit; u++) if (!taken.has(u)) units.push(u);
  return units;
}

/** One allotment row, its keys and its `granted` op (the caller's IMMEDIATE transaction). */
function writeGrant(
  ctx: Ctx,
  g: {
    professionalId: string;
    resourceId: string | null;
    grantedWith: string | null;
    start: number;
    end: number;
    units: number[];
    purpose?: "online" | "waitlist";
  },
): string {
  const allotmentId = newId();
  const purpose = g.purpose ?? "online";
  const at = isoNow(ctx);
  const startIso = new Date(g.start).toISOString();
  const endIso = new Date(g.end).toISOString();
  stmt(
    ctx.db,
    `INSERT INTO turno_allotments (id, professional_id, resource_id, granted_with, start_at, end_at, state,
       purpose, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'granting', ?, ?, ?)`,
  ).run(allotmentId, g.professionalId, g.resourceId, g.grantedWith, startIso, endIso, purpose, at, at);
  const key = stmt(ctx.db, "INSERT INTO turno_slots (owner_id, unit, allotment_id) VALUES (?, ?, ?)");
  for (const u of g.units) key.run(g.resourceId ?? g.professionalId, u, allotmentId);
  enqueueOutbox(ctx.db, {
    entity: "turno_allotment",
    entityId: allotmentId,
    op: "granted",
    payload: {
      id: allotmentId,
      professionalId: g.professionalId,
      ...(g.resourceId ? { resourceId: g.resourceId } : {}),
      start: startIso,
      end: endIso,
      ranges: toRanges(g.units),
      rules: rulesPayload(ctx),
      updatedAt: at,
      ...(purpose === "waitlist" ? { purpose } : {}),
    },
    at,
  });
  return allotmentId;
}

/**
 * The active resources some active service of the professional needs: granted with the professional's
 * allotment so those services can be booked online too (the cloud needs both keys).
 */
function resourcesOf(ctx: Ctx, professionalId: string): string[] {
  return (
    stmt(
      ctx.db,
      `SELECT DISTINCT r.id FROM turno_professional_services ps
         JOIN turno_services s ON s.id = ps.service_id AND s.active = 1
         JOIN turno_service_resources sr ON sr.service_id = s.id
         JOIN turno_resources r ON r.id = sr.resource_id AND r.active = 1
        WHERE ps.professional_id = ? ORDER BY r.id`,
    ).all(professionalId) as { id: string }[]
  ).map((r) => r.id);
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
      const units = freeUnitsOf(ctx, pro.id, fromUnit, toUnit);
      if (units.length === 0)
        throw new DomainError("conflict", "nothing_free", "No queda ningún horario libre en ese período");
      const window = { start, end, professionalId: pro.id };
      const allotmentId = writeGrant(ctx, { ...window, resourceId: null, grantedWith: null, units });
      // Each room the professional's services need: its units still free in the window, as an allotment
      // of its own (units another allotment already holds stay that one's: a room shared by two
      // professionals is granted once, with the first).
      for (const resourceId of resourcesOf(ctx, pro.id)) {
        const free = freeUnitsOf(ctx, resourceId, fromUnit, toUnit);
        if (free.length > 0)
          writeGrant(ctx, { ...window, resourceId, grantedWith: allotmentId, units: free });
      }
      return allotmentId;
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
  return writeGrant(ctx, { professionalId, resourceId: null, grantedWith: null, start, end, units, purpose });
}

/** The desk asks the allotment back; its free units return when the cloud answers (state reclaiming). */
export function reclaimAllotment(ctx: Ctx, id: string): Allotment {
  ctx.db
    .transaction(() => {
      const a = getAllotment(ctx.db, id);
      if (a.state === "reclaiming" || a.state === "returned")
        throw new DomainError("conflict", "already_reclaimed", "Ya se pidió devolver esos turnos en línea");
      const at = isoNow(ctx);
      // The rooms granted beside it come back with it.
      const companions = stmt(
        ctx.db,
        "SELECT id FROM turno_allotments WHERE granted_with = ? AND state IN ('granting', 'held')",
      ).all(id) as { id: string }[];
      for (const reclaimed of [id, ...companions.map((c) => c.id)]) {
        stmt(
          ctx.db,
          "UPDATE turno_allotments SET state = 'reclaiming', reclaim_requested_at = ?, updated_at = ? WHERE id = ?",
        ).run(at, at, reclaimed);
        enqueueOutbox(ctx.db, {
          entity: "turno_allotment",
          entityId: reclaimed,
          op: "reclaim",
          payload: {
            id: reclaimed,
            professionalId: a.professionalId,
            start: a.start,
            end: a.end,
            ranges: [],
            updatedAt: at,
          },
          at,
        });
      }
    })
    .immediate();
  ctx.bus.emit("turnos.changed", { bookingIds: [] });
  return getAllotment(ctx.db, id);
}
