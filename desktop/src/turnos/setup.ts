import type {
  Coverage,
  ExceptionInput,
  HoursRow,
  Professional,
  ProfessionalInput,
  Resource,
  Service,
  ServiceInput,
  TurnoException,
  TurnosRules,
  TurnosSetup,
} from "@mostrador/contracts/http/turnos";
import { isDayKey } from "@mostrador/contracts/zoned-day";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { insertProduct, writeProductUpdate } from "../catalog/product-writes.js";

/** The shop's booking rules (one row). */
export function getRules(db: Db): TurnosRules {
  return stmt(
    db,
    `SELECT slot_minutes AS slotMinutes, min_notice_minutes AS minNoticeMinutes, horizon_days AS horizonDays,
       hold_minutes AS holdMinutes, online_days AS onlineDays,
       waitlist_offer_minutes AS waitlistOfferMinutes FROM turnos_settings WHERE id = 1`,
  ).get() as TurnosRules;
}

export function setRules(ctx: Ctx, rules: TurnosRules): TurnosRules {
  return ctx.db.transaction(() => {
    stmt(
      ctx.db,
      `UPDATE turnos_settings SET slot_minutes = ?, min_notice_minutes = ?, horizon_days = ?, hold_minutes = ?,
         online_days = coalesce(?, online_days), waitlist_offer_minutes = coalesce(?, waitlist_offer_minutes),
         updated_at = ? WHERE id = 1`,
    ).run(
      rules.slotMinutes,
      rules.minNoticeMinutes,
      rules.horizonDays,
      rules.holdMinutes,
      rules.onlineDays ?? null,
      rules.waitlistOfferMinutes ?? null,
      isoNow(ctx),
    );
    rulesOutbox(ctx);
    return getRules(ctx.db);
  })();
}

/** The rules as the cloud needs them to book online (with the shop's time zone). */
export function rulesPayload(ctx: Ctx) {
  const { onlineDays: _o, waitlistOfferMinutes: _w, ...rules } = getRules(ctx.db);
  return { ...rules, timeZone: getSettings(ctx.db).timeZone, updatedAt: isoNow(ctx) };
}

function rulesOutbox(ctx: Ctx): void {
  const payload = rulesPayload(ctx);
  enqueueOutbox(ctx.db, {
    entity: "turno_rules",
    entityId: "rules",
    op: "updated",
    payload,
    at: payload.updatedAt,
  });
}

// ---- services ----

type ServiceRow = Omit<Service, "active" | "resourceIds" | "copays"> & { active: number };
const SERVICE_SELECT = `SELECT s.id, s.name, s.duration_minutes AS durationMinutes,
  s.buffer_before_minutes AS bufferBeforeMinutes, s.buffer_after_minutes AS bufferAfterMinutes, s.price, s.deposit,
  s.active, s.product_id AS productId, p.iva_rate AS ivaRate, s.updated_at AS updatedAt
  FROM turno_services s JOIN products p ON p.id = s.product_id`;

function toService(db: Db, r: ServiceRow): Service {
  const resourceIds = (
    stmt(
      db,
      "SELECT resource_id AS id FROM turno_service_resources WHERE service_id = ? ORDER BY resource_id",
    ).all(r.id) as { id: string }[]
  ).map((x) => x.id);
  const copays = stmt(db, "SELECT payer, copay FROM turno_copays WHERE service_id = ? ORDER BY payer").all(
    r.id,
  ) as { payer: string; copay: number }[];
  return { ...r, active: r.active === 1, resourceIds, copays };
}

export function serviceById(db: Db, id: string): Service | null {
  const r = stmt(db, `${SERVICE_SELECT} WHERE s.id = ?`).get(id) as ServiceRow | undefined;
  return r ? toService(db, r) : null;
}

export function getService(db: Db, id: string): Service {
  const s = serviceById(db, id);
  if (!s) throw new DomainError("not_found", "service_not_found", "El servicio no existe");
  return s;
}

function checkService(db: Db, input: ServiceInput): void {
  if (input.deposit > input.price)
    throw new DomainError(
      "invalid",
      "deposit_above_price",
      "La seña no puede superar el precio del servicio",
    );
  for (const id of input.resourceIds ?? [])
    if (!stmt(db, "SELECT 1 FROM turno_resources WHERE id = ?").get(id))
      throw new DomainError("not_found", "resource_not_found", "El recurso no existe");
  const payers = new Set((input.copays ?? []).map((c) => c.payer.trim().toLowerCase()));
  if (payers.size !== (input.copays ?? []).length)
    throw new DomainError("invalid", "duplicate_payer", "Hay una cobertura repetida en los copagos");
}

function writeServiceLinks(db: Db, id: string, input: ServiceInput): void {
  stmt(db, "DELETE FROM turno_service_resources WHERE service_id = ?").run(id);
  for (const r of input.resourceIds ?? [])
    stmt(db, "INSERT INTO turno_service_resources (service_id, resource_id) VALUES (?, ?)").run(id, r);
  stmt(db, "DELETE FROM turno_copays WHERE service_id = ?").run(id);
  for (const c of input.copays ?? [])
    stmt(db, "INSERT INTO turno_copays (service_id, payer, copay) VALUES (?, ?, ?)").run(
      id,
      c.payer.trim(),
      c.copay,
    );
}

function serviceOutbox(db: Db, s: Service, op: "created" | "updated"): void {
  // productId travels: the cloud's turnos report finds the service's sale line by it.
  const { copays: _c, ivaRate: _i, ...payload } = s;
  enqueueOutbox(db, { entity: "turno_service", entityId: s.id, op, payload, at: s.updatedAt });
}

export function createService(ctx: Ctx, input: ServiceInput): Service {
  const created = ctx.db.transaction(() => {
    checkService(ctx.db, input);
    const id = newId();
    const at = isoNow(ctx);
    // The till sells services as catalog products: one per service, named and priced with it.
    const product = insertProduct(ctx, {
      sku: `TURNO-${id.slice(-8).toUpperCase()}`,
      name: input.name.trim(),
      price: input.price,
      ivaRate: input.ivaRate ?? 2100,
      unit: "each",
    });
    stmt(
      ctx.db,
      `INSERT INTO turno_services (id, name, duration_minutes, buffer_before_minutes, buffer_after_minutes, price,
         deposit, active, product_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.name.trim(),
      input.durationMinutes,
      input.bufferBeforeMinutes,
      input.bufferAfterMinutes,
      input.price,
      input.deposit,
      input.active === false ? 0 : 1,
      product.id,
      at,
      at,
    );
    writeServiceLinks(ctx.db, id, input);
    const s = getService(ctx.db, id);
    serviceOutbox(ctx.db, s, "created");
    return s;
  })();
  ctx.bus.emit("catalog.changed", { productIds: [created.productId] });
  return created;
}

export function updateService(ctx: Ctx, id: string, input: ServiceInput): Service {
  const updated = ctx.db.transaction(() => {
    const before = getService(ctx.db, id);
    checkService(ctx.db, input);
    stmt(
      ctx.db,
      `UPDATE turno_services SET name = ?, duration_minutes = ?, buffer_before_minutes = ?, buffer_after_minutes = ?,
         price = ?, deposit = ?, active = ?, updated_at = ? WHERE id = ?`,
    ).run(
      input.name.trim(),
      input.durationMinutes,
      input.bufferBeforeMinutes,
      input.bufferAfterMinutes,
      input.price,
      input.deposit,
      input.active === false ? 0 : 1,
      isoNow(ctx),
      id,
    );
    writeServiceLinks(ctx.db, id, input);
    writeProductUpdate(ctx, before.productId, {
      name: input.name.trim(),
      price: input.price,
      ...(input.ivaRate !== undefined ? { ivaRate: input.ivaRate } : {}),
      active: input.active !== false,
    });
    const s = getService(ctx.db, id);
    serviceOutbox(ctx.db, s, "updated");
    return s;
  })();
  ctx.bus.emit("catalog.changed", { productIds: [updated.productId] });
  return updated;
}

// ---- professionals ----

type ProRow = Omit<Professional, "active" | "serviceIds" | "hours"> & { active: number };
const PRO_SELECT = `SELECT id, name, staff_id AS staffId, active, updated_at AS updatedAt FROM turno_professionals`;

export function hoursOf(db: Db, professionalId: string): HoursRow[] {
  return stmt(
    db,
    `SELECT weekday, kind, start_minute AS startMinute, end_minute AS endMinute FROM turno_weekly_hours
     WHERE professional_id = ? ORDER BY weekday, kind DESC, start_minute`,
  ).all(professionalId) as HoursRow[];
}

function toProfessional(db: Db, r: ProRow): Professional {
  const serviceIds = (
    stmt(
      db,
      "SELECT service_id AS id FROM turno_professional_services WHERE professional_id = ? ORDER BY service_id",
    ).all(r.id) as { id: string }[]
  ).map((x) => x.id);
  return { ...r, active: r.active === 1, serviceIds, hours: hoursOf(db, r.id) };
}

export function getProfessional(db: Db, id: string): Professional {
  const r = stmt(db, `${PRO_SELECT} WHERE id = ?`).get(id) as ProRow | undefined;
  if (!r) throw new DomainError("not_found", "professional_not_found", "El profesional no existe");
  return toProfessional(db, r);
}

export function listProfessionals(db: Db): Professional[] {
  return (stmt(db, `${PRO_SELECT} ORDER BY name, id`).all() as ProRow[]).map((r) => toProfessional(db, r));
}

function checkProfessional(db: Db, input: ProfessionalInput): void {
  if (input.staffId && !stmt(db, "SELECT 1 FROM staff WHERE id = ?").get(input.staffId))
    throw new DomainError("not_found", "staff_not_found", "El empleado no existe");
  for (const id of input.serviceIds) getService(db, id);
  for (const h of input.hours)
    if (h.endMinute <= h.startMinute)
      throw new DomainError(
        "invalid",
        "hours_end_before_start",
        "Cada horario debe terminar después de empezar",
      );
}

function writeProfessionalLinks(db: Db, id: string, input: ProfessionalInput): void {
  stmt(db, "DELETE FROM turno_professional_services WHERE professional_id = ?").run(id);
  for (const s of new Set(input.serviceIds))
    stmt(db, "INSERT INTO turno_professional_services (professional_id, service_id) VALUES (?, ?)").run(
      id,
      s,
    );
  stmt(db, "DELETE FROM turno_weekly_hours WHERE professional_id = ?").run(id);
  for (const h of input.hours)
    stmt(
      db,
      `INSERT INTO turno_weekly_hours (id, professional_id, weekday, kind, start_minute, end_minute)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(newId(), id, h.weekday, h.kind, h.startMinute, h.endMinute);
}

function professionalOutbox(db: Db, p: Professional, op: "created" | "updated"): void {
  const { staffId: _s, ...payload } = p;
  enqueueOutbox(db, { entity: "turno_professional", entityId: p.id, op, payload, at: p.updatedAt });
}

export function createProfessional(ctx: Ctx, input: ProfessionalInput): Professional {
  return ctx.db.transaction(() => {
    checkProfessional(ctx.db, input);
    const id = newId();
    const at = isoNow(ctx);
    stmt(
      ctx.db,
      `INSERT INTO turno_professionals (id, name, staff_id, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(id, input.name.trim(), input.staffId ?? null, input.active === false ? 0 : 1, at, at);
    writeProfessionalLinks(ctx.db, id, input);
    const p = getProfessional(ctx.db, id);
    professionalOutbox(ctx.db, p, "created");
    return p;
  })();
}

/** Changes apply to bookings made from now on; bookings already made keep their place. */
export function updateProfessional(ctx: Ctx, id: string, input: ProfessionalInput): Professional {
  return ctx.db.transaction(() => {
    getProfessional(ctx.db, id);
    checkProfessional(ctx.db, input);
    stmt(
      ctx.db,
      "UPDATE turno_professionals SET name = ?, staff_id = ?, active = ?, updated_at = ? WHERE id = ?",
    ).run(input.name.trim(), input.staffId ?? null, input.active === false ? 0 : 1, isoNow(ctx), id);
    writeProfessionalLinks(ctx.db, id, input);
    const p = getProfessional(ctx.db, id);
    professionalOutbox(ctx.db, p, "updated");
    return p;
  })();
}

// ---- resources ----

export function createResource(ctx: Ctx, input: { name: string; active?: boolean }): Resource {
  const id = newId();
  const at = isoNow(ctx);
  stmt(
    ctx.db,
    "INSERT INTO turno_resources (id, name, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
  ).run(id, input.name.trim(), input.active === false ? 0 : 1, at, at);
  return { id, name: input.name.trim(), active: input.active !== false };
}

function listResources(db: Db): Resource[] {
  return (
    stmt(db, "SELECT id, name, active FROM turno_resources ORDER BY name").all() as (Omit<
      Resource,
      "active"
    > & {
      active: number;
    })[]
  ).map((r) => ({ ...r, active: r.active === 1 }));
}

// ---- exceptions ----

const EXC_SELECT = `SELECT id, professional_id AS professionalId, day, kind, start_minute AS startMinute,
  end_minute AS endMinute, note FROM turno_exceptions`;

export function addException(ctx: Ctx, input: ExceptionInput): TurnoException {
  return ctx.db.transaction(() => insertException(ctx, input))();
}

function insertException(ctx: Ctx, input: ExceptionInput): TurnoException {
  if (!isDayKey(input.day)) throw new DomainError("invalid", "invalid_day", "La fecha no existe");
  if (input.professionalId) getProfessional(ctx.db, input.professionalId);
  const whole = input.startMinute === null && input.endMinute === null;
  if (
    !whole &&
    (input.startMinute === null || input.endMinute === null || input.endMinute <= input.startMinute)
  )
    throw new DomainError(
      "invalid",
      "exception_hours",
      "Indicá desde y hasta qué hora, con el fin después del inicio",
    );
  if (whole && input.kind === "extra")
    throw new DomainError("invalid", "extra_needs_hours", "Un día extra necesita su horario");
  const id = newId();
  stmt(
    ctx.db,
    `INSERT INTO turno_exceptions (id, professional_id, day, kind, start_minute, end_minute, note, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.professionalId,
    input.day,
    input.kind,
    input.startMinute,
    input.endMinute,
    input.note ?? "",
    isoNow(ctx),
  );
  const created = stmt(ctx.db, `${EXC_SELECT} WHERE id = ?`).get(id) as TurnoException;
  exceptionOutbox(ctx, created, "created");
  return created;
}

/** The cloud books online under the same days off and extra windows. */
function exceptionOutbox(ctx: Ctx, e: TurnoException, op: "created" | "deleted"): void {
  const { note: _n, ...payload } = e;
  const at = isoNow(ctx);
  enqueueOutbox(ctx.db, {
    entity: "turno_exception",
    entityId: e.id,
    op,
    payload: { ...payload, updatedAt: at },
    at,
  });
}

export function listExceptions(db: Db, fromDay: string, toDay: string): TurnoException[] {
  return stmt(db, `${EXC_SELECT} WHERE day BETWEEN ? AND ? ORDER BY day, start_minute`).all(
    fromDay,
    toDay,
  ) as TurnoException[];
}

export function deleteException(ctx: Ctx, id: string): void {
  ctx.db.transaction(() => {
    const e = stmt(ctx.db, `${EXC_SELECT} WHERE id = ?`).get(id) as TurnoException | undefined;
    if (!e) throw new DomainError("not_found", "exception_not_found", "La excepción no existe");
    stmt(ctx.db, "DELETE FROM turno_exceptions WHERE id = ?").run(id);
    exceptionOutbox(ctx, e, "deleted");
  })();
}

// ---- coverage ----

export function coverageOf(db: Db, customerId: string): Coverage | null {
  return (
    (stmt(
      db,
      `SELECT customer_id AS customerId, payer, plan, member_number AS memberNumber FROM turno_patient_coverages
       WHERE customer_id = ?`,
    ).get(customerId) as Coverage | undefined) ?? null
  );
}

export function setCoverage(
  ctx: Ctx,
  customerId: string,
  input: { payer: string; plan?: string; memberNumber?: string },
): Coverage {
  if (!stmt(ctx.db, "SELECT 1 FROM customers WHERE id = ? AND erased_at IS NULL").get(customerId))
    throw new DomainError("not_found", "customer_not_found", "El paciente no existe");
  stmt(
    ctx.db,
    `INSERT INTO turno_patient_coverages (customer_id, payer, plan, member_number, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET payer = excluded.payer, plan = excluded.plan,
       member_number = excluded.member_number, updated_at = excluded.updated_at`,
  ).run(
    customerId,
    input.payer.trim(),
    (input.plan ?? "").trim(),
    (input.memberNumber ?? "").trim(),
    isoNow(ctx),
  );
  return coverageOf(ctx.db, customerId) as Coverage;
}

export function getSetup(ctx: Ctx): TurnosSetup {
  return {
    rules: getRules(ctx.db),
    timeZone: getSettings(ctx.db).timeZone,
    professionals: listProfessionals(ctx.db),
    services: (stmt(ctx.db, `${SERVICE_SELECT} ORDER BY s.name, s.id`).all() as ServiceRow[]).map((r) =>
      toService(ctx.db, r),
    ),
    resources: listResources(ctx.db),
  };
}
