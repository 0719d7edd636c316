import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type {
  DepositStatus,
  OnlineBooked,
  OnlineBooking,
  OnlineBookingInput,
  OnlineSetup,
  OnlineSlotsQuery,
} from "@mostrador/contracts/http/cloud-turnos";
import type { FreeSlot, TurnosRules } from "@mostrador/contracts/http/turnos";
import { Refusal } from "@mostrador/contracts/refusal";
import {
  bookableWindow,
  checkDayRange,
  type DayExceptionRow,
  dayPlanner,
  freeStarts,
  nextFree,
  placeRefusal,
  UNIT_MS,
  unitRangeOf,
  unitsOf,
  type WeeklyHoursRow,
} from "@mostrador/contracts/turnos/availability";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { CloudError, type CloudErrorKind } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { lockTenantShapes, releaseOnlineKeys } from "./allotments.js";
import { depositsOnline, expireHolds } from "./deposits.js";
import { emitBookingEvent } from "../webhooks/payloads.js";

/**
 * Online booking (docs/turnos.md): the same availability code as the desk (contracts/src/turnos), over
 * the units the cloud holds minus its own keys. A booking is ONE transaction whose keys are the check:
 * turno_online_keys' PRIMARY KEY refuses a unit booked online already, its foreign key a unit the cloud
 * does not hold (never granted, or given back). Every query names the store: a professional or service
 * of another store is not found, and nothing changes.
 */

const MINUTE = 60_000;

interface Rules extends TurnosRules {
  timeZone: string;
}
interface ServiceRow {
  id: string;
  name: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  price: number;
  deposit: number;
  resourceIds: string[];
}
export interface ProfessionalRow {
  id: string;
  name: string;
  serviceIds: string[];
  hours: { weekday: number; kind: "work" | "break"; startMinute: number; endMinute: number }[];
}

const fromRefusal = (r: Refusal) => new CloudError(r.kind as CloudErrorKind, r.code, r.message, r.details);

const NOT_OPEN = () =>
  new CloudError("not_found", "turnos_not_online", "Este local no da turnos en línea por ahora");

async function rulesOf(q: Queryable, storeId: string): Promise<Rules> {
  const [r] = await q.query<Rules>(
    `SELECT slot_minutes AS "slotMinutes", min_notice_minutes AS "minNoticeMinutes", horizon_days AS "horizonDays",
       hold_minutes AS "holdMinutes", time_zone AS "timeZone" FROM turno_rules WHERE store_id = $1`,
    [storeId],
  );
  if (!r) throw NOT_OPEN();
  return r;
}

/**
 * The store's services offered online: active, and either needing no resource or needing one the desk
 * granted the cloud units of (a held resource allotment): a room the cloud holds nothing of is booked at
 * the desk only.
 */
async function servicesOf(q: Queryable, storeId: string): Promise<ServiceRow[]> {
  const rows = await q.query<ServiceRow & { price: string | number; deposit: string | number }>(
    `SELECT id, name, duration_minutes AS "durationMinutes", buffer_before_minutes AS "bufferBeforeMinutes",
       buffer_after_minutes AS "bufferAfterMinutes", price, deposit, resource_ids AS "resourceIds"
     FROM turno_services s WHERE store_id = $1 AND active
       AND (jsonb_array_length(resource_ids) = 0
            OR EXISTS (SELECT 1 FROM turno_allotments a WHERE a.store_id = $1 AND a.state = 'held'
                        AND a.resource_id IS NOT NULL AND s.resource_ids ? a.resource_id))
     ORDER BY name, id`,
    [storeId],
  );
  return rows.map((r) => ({ ...r, price: Number(r.price), deposit: Number(r.deposit) }));
}

async function professionalsOf(q: Queryable, storeId: string): Promise<ProfessionalRow[]> {
  return q.query<ProfessionalRow>(
    `SELECT id, name, service_ids AS "serviceIds", hours FROM turno_professionals
      WHERE store_id = $1 AND active ORDER BY name, id`,
    [storeId],
  );
}

async function serviceOf(q: Queryable, storeId: string, serviceId: string): Promise<ServiceRow> {
  const service = (await servicesOf(q, storeId)).find((s) => s.id === serviceId);
  if (!service) throw new CloudError("not_found", "service_not_found", "El servicio no existe");
  return service;
}

/** The professionals to offer: the one asked for (who must give the service) or "cualquiera". */
async function candidatesOf(
  q: Queryable,
  storeId: string,
  service: ServiceRow,
  professionalId: string | undefined,
): Promise<ProfessionalRow[]> {
  const all = await professionalsOf(q, storeId);
  if (professionalId) {
    const pro = all.find((p) => p.id === professionalId);
    if (!pro) throw new CloudError("not_found", "professional_not_found", "El profesional no existe");
    if (!pro.serviceIds.includes(service.id))
      throw new CloudError("invalid", "service_not_given", `${pro.name} no da el servicio «${service.name}»`);
    return [pro];
  }
  return all.filter((p) => p.serviceIds.includes(service.id));
}

/** `deposits`: this cloud can take señas online (its payments module is composed); MP must be connected too. */
export async function onlineSetup(q: Queryable, storeId: string, deposits = true): Promise<OnlineSetup> {
  const [store] = await q.query<{ name: string; rubro: string | null }>(
    "SELECT s.name, o.rubro FROM stores s JOIN organizations o ON o.id = s.tenant_id WHERE s.id = $1",
    [storeId],
  );
  if (!store) throw NOT_OPEN();
  const rules = await rulesOf(q, storeId);
  const services = await servicesOf(q, storeId);
  const offered = new Set(services.map((s) => s.id));
  return {
    storeName: store.name,
    timeZone: rules.timeZone,
    slotMinutes: rules.slotMinutes,
    minNoticeMinutes: rules.minNoticeMinutes,
    horizonDays: rules.horizonDays,
    services: services.map((s) => ({
      id: s.id,
      name: s.name,
      durationMinutes: s.durationMinutes,
      price: s.price,
      deposit: s.deposit,
    })),
    professionals: (await professionalsOf(q, storeId))
      .map((p) => ({ id: p.id, name: p.name, serviceIds: p.serviceIds.filter((id) => offered.has(id)) }))
      .filter((p) => p.serviceIds.length > 0),
    rubro: store.rubro,
    depositsOnline: deposits && (await depositsOnline(q)),
  };
}

async function plannerOf(
  q: Queryable,
  storeId: string,
  pro: ProfessionalRow,
  fromDay: string,
  toDay: string,
  timeZone: string,
) {
  return (await plannersOf(q, storeId, [pro], fromDay, toDay, timeZone)).get(pro.id)!;
}

/** Each professional's days: their weekly hours (projected) and the exceptions of those days (also the report's open minutes). */
export async function plannersOf(
  q: Queryable,
  storeId: string,
  pros: ProfessionalRow[],
  fromDay: string,
  toDay: string,
  timeZone: string,
) {
  const exceptions = await q.query<DayExceptionRow & { professionalId: string | null }>(
    `SELECT professional_id AS "professionalId", day, kind, start_minute AS start, end_minute AS end
       FROM turno_exceptions WHERE store_id = $1 AND NOT deleted AND day BETWEEN $2 AND $3`,
    [storeId, fromDay, toDay],
  );
  return new Map(
    pros.map((pro) => {
      const hours: WeeklyHoursRow[] = pro.hours.map((h) => ({
        weekday: h.weekday,
        kind: h.kind,
        start: h.startMinute,
        end: h.endMinute,
      }));
      const own = exceptions.filter((e) => e.professionalId === null || e.professionalId === pro.id);
      return [pro.id, dayPlanner(hours, own, timeZone)] as const;
    }),
  );
}

type Run = { from: number; to: number };

/** Sorted, non-overlapping runs [from, to) as a membership test (binary search). */
function inRuns(runs: Run[]): (unit: number) => boolean {
  return (unit) => {
    let lo = 0;
    let hi = runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = runs[mid]!;
      if (unit < r.from) hi = mid - 1;
      else if (unit >= r.to) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/** Runs minus runs, as sorted runs. */
function minus(runs: Run[], cut: Run[]): Run[] {
  let out = [...runs].sort((a, b) => a.from - b.from);
  for (const c of cut) {
    const next: Run[] = [];
    for (const r of out) {
      if (c.to <= r.from || c.from >= r.to) next.push(r);
      else {
        if (c.from > r.from) next.push({ from: r.from, to: c.from });
        if (c.to < r.to) next.push({ from: c.to, to: r.to });
      }
    }
    out = next;
  }
  return out;
}

/**
 * Per owner (a professional, or a resource a service needs): a unit is free online when the cloud holds it
 * (granted minus returned runs of this store's allotments of that owner) and no online booking has it
 * (their unit runs, under their professional and their resource). A few rows per owner whatever the span;
 * the booking itself is checked by the keys, never by this.
 */
async function unitFreeOf(
  q: Queryable,
  storeId: string,
  owners: string[],
  from: number,
  to: number,
  now: number,
) {
  const allotments = await q.query<{
    owner: string;
    granted: [number, number][];
    returned: [number, number][];
  }>(
    `SELECT coalesce(resource_id, professional_id) AS owner, granted_ranges AS granted,
            returned_ranges AS returned FROM turno_allotments
      WHERE store_id = $4 AND coalesce(resource_id, professional_id) = ANY($1::text[]) AND purpose = 'online'
        AND start_at < to_timestamp($3::bigint * 300) AND end_at > to_timestamp($2::bigint * 300)`,
    [owners, from, to, storeId],
  );
  const booked = await q.query<{ owner: string; from: number; to: number }>(
    `SELECT o.owner, b.unit_from AS "from", b.unit_to AS "to"
       FROM turno_bookings b, LATERAL (VALUES (b.professional_id), (b.resource_id)) AS o(owner)
      WHERE b.store_id = $4 AND b.origin = 'online' AND b.unit_from IS NOT NULL AND o.owner = ANY($1::text[])
        AND b.start_at >= to_timestamp($2::bigint * 300) - interval '1 day'
        AND b.start_at < to_timestamp($3::bigint * 300)
        -- A hold past its time is free (the next booking releases its keys before taking them).
        AND NOT (b.state = 'held' AND b.hold_expires_at <= to_timestamp($5::bigint / 1000.0))
      ORDER BY b.unit_from`,
    [owners, from, to, storeId, now],
  );
  const run = ([f, t]: [number, number]): Run => ({ from: f, to: t });
  return new Map(
    owners.map((owner) => {
      const mine = allotments.filter((a) => a.owner === owner);
      const held = minus(
        mine.flatMap((a) => a.granted.map(run)),
        mine.flatMap((a) => a.returned.map(run)),
      );
      const isHeld = inRuns(held);
      const isTaken = inRuns(booked.filter((b) => b.owner === owner));
      return [owner, (unit: number) => isHeld(unit) && !isTaken(unit)] as const;
    }),
  );
}

async function freeSlotsOnline(
  q: Queryable,
  storeId: string,
  rules: Rules,
  service: ServiceRow,
  pros: ProfessionalRow[],
  fromDay: string,
  toDay: string,
  now: number,
  opts: { after?: number; limit?: number } = {},
): Promise<FreeSlot[]> {
  const range = unitRangeOf(fromDay, toDay, rules.timeZone);
  const ids = pros.map((p) => p.id);
  const planners = await plannersOf(q, storeId, pros, fromDay, toDay, rules.timeZone);
  const free = await unitFreeOf(q, storeId, [...ids, ...service.resourceIds], range.from, range.to, now);
  const professionals = pros.map((pro) => ({
    id: pro.id,
    planOf: planners.get(pro.id)!,
    unitFree: free.get(pro.id)!,
  }));
  return freeStarts({
    service,
    professionals,
    resources: service.resourceIds.map((r) => free.get(r)!),
    fromDay,
    toDay,
    slotMinutes: rules.slotMinutes,
    window: bookableWindow(rules, now),
    ...opts,
  });
}

export async function onlineSlots(
  q: Queryable,
  storeId: string,
  query: OnlineSlotsQuery,
  now: Date,
): Promise<FreeSlot[]> {
  try {
    checkDayRange(query.from, query.to);
  } catch (err) {
    throw err instanceof Refusal ? fromRefusal(err) : err;
  }
  const rules = await rulesOf(q, storeId);
  const service = await serviceOf(q, storeId, query.serviceId);
  const pros = await candidatesOf(q, storeId, service, query.professionalId);
  return freeSlotsOnline(q, storeId, rules, service, pros, query.from, query.to, now.getTime());
}

async function nextFreeOnline(
  q: Queryable,
  storeId: string,
  rules: Rules,
  service: ServiceRow,
  pros: ProfessionalRow[],
  after: number,
  now: number,
): Promise<FreeSlot[]> {
  // nextFree searches week by week; collect the weeks' answers first (the search is async here).
  const weeks: { from: string; to: string; limit: number }[] = [];
  nextFree(
    (from, to, limit) => {
      weeks.push({ from, to, limit });
      return [];
    },
    { after, now, horizonEnd: bookableWindow(rules, now).end, timeZone: rules.timeZone, limit: 5 },
  );
  const found: FreeSlot[] = [];
  for (const w of weeks) {
    if (found.length >= 5) break;
    found.push(
      ...(await freeSlotsOnline(q, storeId, rules, service, pros, w.from, w.to, now, {
        after,
        limit: 5 - found.length,
      })),
    );
  }
  return found;
}

/** The rules a start must meet online (the desk's: grid, past, notice, horizon, hours, breaks, days off). */
async function checkPlace(
  q: Queryable,
  storeId: string,
  rules: Rules,
  service: ServiceRow,
  pro: ProfessionalRow,
  start: number,
  now: number,
  // The waitlist's acceptance: the desk chose to offer this slot (it checked the notice then), and a
  // patient whose turn came later must not lose it to the public page's notice rule.
  skipNotice = false,
): Promise<void> {
  if (!Number.isFinite(start)) throw new CloudError("invalid", "invalid_start", "El horario no es válido");
  if (start % UNIT_MS !== 0)
    throw new CloudError("invalid", "not_on_grid", "El horario debe caer en múltiplos de 5 minutos");
  const window = bookableWindow(rules, now);
  if (start < now) throw new CloudError("invalid", "in_the_past", "Ese horario ya pasó");
  if (start < window.start && !skipNotice)
    throw new CloudError(
      "invalid",
      "too_soon",
      `Los turnos se dan con al menos ${rules.minNoticeMinutes} minutos de anticipación`,
    );
  if (start >= window.end)
    throw new CloudError(
      "invalid",
      "beyond_horizon",
      `Se dan turnos hasta ${rules.horizonDays} días adelante`,
    );
  const day = dayKeyIn(new Date(start), rules.timeZone);
  const plan = (await plannerOf(q, storeId, pro, day, day, rules.timeZone))(day);
  const refusal = placeRefusal(plan, start, service.durationMinutes, pro.name);
  if (refusal) throw fromRefusal(refusal);
}

const pgCode = (err: unknown) => (err as { code?: unknown } | null)?.code;
/** unique_violation (an online booking has the unit) or foreign_key_violation (the cloud does not hold it). */
const isKeyRefusal = (err: unknown) => pgCode(err) === "23505" || pgCode(err) === "23503";

/**
 * Takes the units for a booking at each owner (its professional, and its resource if it needs one) inside
 * a savepoint: true when every unit was the cloud's and free, false (and nothing written) otherwise. A
 * unit this store's desk did not grant (another store's allotment of the same id: only a forged op could
 * make one) is not taken either: the foreign key checks the cloud holds a unit, this checks whose.
 */
async function takeUnits(
  q: Queryable,
  storeId: string,
  ownerIds: string[],
  units: number[],
  bookingId: string,
): Promise<boolean> {
  await q.query("SAVEPOINT turno_keys");
  try {
    for (const ownerId of ownerIds)
      await q.query(
        `INSERT INTO turno_online_keys (tenant_id, owner_id, unit, booking_id)
         SELECT current_tenant_id(), $1, u, $2 FROM unnest($3::int[]) AS u`,
        [ownerId, bookingId, units],
      );
    const [foreign] = await q.query(
      `SELECT 1 FROM turno_allotment_units u JOIN turno_allotments a
          ON a.tenant_id = u.tenant_id AND a.id = u.allotment_id
        WHERE u.owner_id = ANY($1::text[]) AND u.unit = ANY($2::int[]) AND a.store_id <> $3 LIMIT 1`,
      [ownerIds, units, storeId],
    );
    if (foreign) {
      await q.query("ROLLBACK TO SAVEPOINT turno_keys");
      return false;
    }
    await q.query("RELEASE SAVEPOINT turno_keys");
    return true;
  } catch (err) {
    await q.query("ROLLBACK TO SAVEPOINT turno_keys");
    if (isKeyRefusal(err)) return false;
    throw err;
  }
}

const sha = (token: string) => createHash("sha256").update(token).digest("hex");

const SELECT = `SELECT b.id, b.service_id AS "serviceId", s.name AS "serviceName", b.professional_id AS "professionalId",
  p.name AS "professionalName", b.start_at AS start, b.end_at AS end, b.state, coalesce(b.patient_name, '') AS "patientName",
  b.deposit_amount AS "depositAmount", b.deposit_paid AS "depositPaid", b.deposit_status AS "depositStatus",
  b.hold_expires_at AS "holdExpiresAt", b.deposit_url AS "depositUrl"
  FROM turno_bookings b JOIN turno_services s ON s.id = b.service_id JOIN turno_professionals p ON p.id = b.professional_id`;

type ViewRow = Omit<OnlineBooking, "start" | "end" | "deposit"> & {
  start: Date;
  end: Date;
  depositAmount: string | number;
  depositPaid: string | number;
  depositStatus: DepositStatus;
  holdExpiresAt: Date | null;
  depositUrl: string | null;
};

/** The booking as its patient sees it; a hold past its time reads as expired before the sweep writes it. */
async function bookingView(q: Queryable, id: string, now?: Date): Promise<OnlineBooking> {
  const [row] = await q.query<ViewRow>(`${SELECT} WHERE b.id = $1`, [id]);
  if (!row) throw new CloudError("not_found", "booking_not_found", "El turno no existe");
  const { depositAmount, depositPaid, depositStatus, holdExpiresAt, depositUrl, ...b } = row;
  const lapsed =
    b.state === "held" &&
    holdExpiresAt !== null &&
    now !== undefined &&
    holdExpiresAt.getTime() <= now.getTime();
  const status: DepositStatus = lapsed ? "expired" : depositStatus;
  return {
    ...b,
    state: lapsed ? "cancelled" : b.state,
    start: b.start.toISOString(),
    end: b.end.toISOString(),
    deposit: {
      amount: Number(depositPaid) > 0 ? Number(depositPaid) : Number(depositAmount),
      status,
      holdExpiresAt: status === "pending" && holdExpiresAt ? holdExpiresAt.toISOString() : null,
      paymentUrl: status === "pending" ? depositUrl : null,
    },
  };
}

const taken = (nextFreeSlots: FreeSlot[]) =>
  new CloudError("conflict", "slot_taken", "Ya no está disponible", { nextFree: nextFreeSlots });

/**
 * Books online: rules checked, then for each candidate professional the keys (one INSERT: the PRIMARY
 * KEY and the foreign key are the overlap and allotment checks), the booking row, in the caller's
 * transaction. A taken slot answers 409 "Ya no está disponible" with the next free slots.
 */
/**
 * Whether these units of a professional are open to this booking as far as the allotment's purpose goes:
 * a waitlist allotment's units only to the acceptance of its offer (cloud/src/turnos/waitlist), and an
 * acceptance only to its own allotment's units. The keys still decide whether they are free.
 */
async function unitsOpenTo(
  q: Queryable,
  ownerId: string,
  units: number[],
  waitlistAllotmentId: string | null,
): Promise<boolean> {
  const rows = await q.query<{ allotment_id: string; purpose: string }>(
    `SELECT u.allotment_id, a.purpose FROM turno_allotment_units u
       JOIN turno_allotments a ON a.tenant_id = u.tenant_id AND a.id = u.allotment_id
      WHERE u.owner_id = $1 AND u.unit = ANY($2::int[])`,
    [ownerId, units],
  );
  if (waitlistAllotmentId) return rows.every((r) => r.allotment_id === waitlistAllotmentId);
  return rows.every((r) => r.purpose !== "waitlist");
}

/** The waitlist's acceptance books its offer's slot: only inside that allotment, naming the entry. */
export interface WaitlistBooking {
  allotmentId: string;
  entryId: string;
}

export async function bookOnline(
  q: Queryable,
  storeId: string,
  input: OnlineBookingInput,
  now: Date,
  waitlist: WaitlistBooking | null = null,
  deposits = true,
): Promise<OnlineBooked> {
  const rules = await rulesOf(q, storeId);
  const service = await serviceOf(q, storeId, input.serviceId);
  const pros = await candidatesOf(q, storeId, service, input.professionalId);
  if (pros.length === 0)
    throw new CloudError("invalid", "service_not_given", `Nadie da el servicio «${service.name}» en línea`);
  const start = Date.parse(input.start);
  const units = unitsOf(service, start);
  const id = newId();
  const token = randomBytes(24).toString("base64url");
  await lockTenantShapes(q);
  // Holds past their time give their slots back first (their keys would refuse this booking).
  await expireHolds(q, now, storeId);
  // A seña is asked online only when MP is connected: the booking is then held until it is paid. A
  // waitlist acceptance is never held: the patient answered a message, there is no page to pay on.
  const hold =
    waitlist === null && deposits && service.deposit > 0 && (await depositsOnline(q))
      ? { amount: service.deposit, until: new Date(now.getTime() + rules.holdMinutes * MINUTE) }
      : null;
  let firstRefusal: unknown = null;
  let sawTaken = false;
  // A service that needs a resource takes one of them too (any that is free for the whole range).
  const resources: (string | null)[] = service.resourceIds.length > 0 ? service.resourceIds : [null];
  for (const pro of pros) {
    try {
      await checkPlace(q, storeId, rules, service, pro, start, now.getTime(), waitlist !== null);
    } catch (err) {
      firstRefusal ??= err;
      continue;
    }
    if (!(await unitsOpenTo(q, pro.id, units, waitlist?.allotmentId ?? null))) {
      sawTaken = true;
      continue;
    }
    for (const resourceId of resources) {
      // The row first (the keys point at it), inside the same savepoint as the keys.
      await q.query("SAVEPOINT turno_booking");
      await insertOnlineBooking(
        q,
        storeId,
        id,
        input,
        service,
        pro.id,
        resourceId,
        start,
        units,
        token,
        now,
        hold,
        waitlist,
      );
      const owners = resourceId ? [pro.id, resourceId] : [pro.id];
      if (await takeUnits(q, storeId, owners, units, id)) {
        await q.query("RELEASE SAVEPOINT turno_booking");
        // A booking held for its seña is not made yet: its webhook goes when the payment books it.
        if (!hold) await emitBookingEvent(q, "booking.created", id, now);
        return { booking: await bookingView(q, id), manageToken: token };
      }
      await q.query("ROLLBACK TO SAVEPOINT turno_booking");
      sawTaken = true;
    }
  }
  if (!sawTaken && firstRefusal) throw firstRefusal;
  throw taken(await nextFreeOnline(q, storeId, rules, service, pros, start + UNIT_MS, now.getTime()));
}

async function insertOnlineBooking(
  q: Queryable,
  storeId: string,
  id: string,
  input: OnlineBookingInput,
  service: ServiceRow,
  professionalId: string,
  resourceId: string | null,
  start: number,
  units: number[],
  token: string,
  now: Date,
  hold: { amount: number; until: Date } | null,
  waitlist: WaitlistBooking | null,
): Promise<void> {
  const [allotment] = await q.query<{ allotment_id: string }>(
    "SELECT allotment_id FROM turno_allotment_units WHERE owner_id = $1 AND unit = $2",
    [professionalId, units[0]],
  );
  await q.query(
    `INSERT INTO turno_bookings (tenant_id, id, store_id, professional_id, service_id, start_at, end_at, state,
       origin, allotment_id, unit_from, unit_to, patient_name, patient_phone, patient_email, opt_in, price,
       deposit_paid, manage_token_sha, created_at, updated_at, deposit_amount, deposit_status, hold_expires_at,
       waitlist_entry_id, resource_id)
     VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $17, 'online', $7, $8, $9, $10, $11, $12, $13,
       $14, 0, $15, $16, $16, $18, $19, $20, $21, $22)`,
    [
      id,
      storeId,
      professionalId,
      service.id,
      new Date(start).toISOString(),
      new Date(start + service.durationMinutes * MINUTE).toISOString(),
      allotment?.allotment_id ?? null,
      units[0],
      units.at(-1)! + 1,
      input.name.trim(),
      input.phone.trim(),
      input.email ?? null,
      input.optIn,
      service.price,
      sha(token),
      now.toISOString(),
      hold ? "held" : "booked",
      hold?.amount ?? 0,
      hold ? "pending" : "none",
      hold?.until.toISOString() ?? null,
      waitlist?.entryId ?? null,
      resourceId,
    ],
  );
}

/** The next free public slots of a service after a start (what a refused acceptance is offered instead). */
export async function nextFreeAfter(
  q: Queryable,
  storeId: string,
  serviceId: string,
  after: number,
  now: Date,
): Promise<FreeSlot[]> {
  const rules = await rulesOf(q, storeId);
  const service = await serviceOf(q, storeId, serviceId);
  const pros = await candidatesOf(q, storeId, service, undefined);
  return nextFreeOnline(q, storeId, rules, service, pros, after, now.getTime());
}

/** The booking a patient's link names, if the token is its own (else 404: the link does not say more). */
async function bookingByLink(q: Queryable, storeId: string, id: string, token: string) {
  const [row] = await q.query<{
    manage_token_sha: string | null;
    state: string;
    start_at: Date;
    service_id: string;
    professional_id: string;
    resource_id: string | null;
  }>(
    `SELECT manage_token_sha, state, start_at, service_id, professional_id, resource_id FROM turno_bookings
      WHERE id = $1 AND store_id = $2 AND origin = 'online' FOR UPDATE`,
    [id, storeId],
  );
  const given = Buffer.from(sha(token), "hex");
  const stored = row?.manage_token_sha ? Buffer.from(row.manage_token_sha, "hex") : null;
  if (!row || !stored || stored.length !== given.length || !timingSafeEqual(stored, given))
    throw new CloudError("not_found", "booking_not_found", "El turno no existe o el enlace no es válido");
  return row;
}

export async function viewByLink(q: Queryable, storeId: string, id: string, token: string, now?: Date) {
  await bookingByLink(q, storeId, id, token);
  return bookingView(q, id, now);
}

const PENDING = ["booked", "confirmed"];

/** Booked or confirmed, still ahead; a hold (seña not paid yet) may be let go, not moved. */
function checkChangeable(row: { state: string; start_at: Date }, now: Date, allowHeld = false): void {
  if (!PENDING.includes(row.state) && !(allowHeld && row.state === "held"))
    throw new CloudError("conflict", "not_changeable", "Este turno ya no se puede cambiar");
  if (row.start_at.getTime() <= now.getTime())
    throw new CloudError("conflict", "in_the_past", "El turno ya pasó");
}

/** The patient cancels by their link: the keys go (the units are the allotment's again). */
export async function cancelByLink(
  q: Queryable,
  storeId: string,
  id: string,
  token: string,
  now: Date,
): Promise<OnlineBooking> {
  await lockTenantShapes(q);
  await expireHolds(q, now, storeId);
  const row = await bookingByLink(q, storeId, id, token);
  checkChangeable(row, now, true);
  await releaseOnlineKeys(q, id, now);
  // A seña paid online is owed back to the patient (docs/turnos.md, "Señas"); an unpaid hold just lapses.
  await q.query(
    `UPDATE turno_bookings SET state = 'cancelled', unit_from = NULL, unit_to = NULL, updated_at = $2,
       deposit_url = NULL,
       deposit_status = CASE deposit_status WHEN 'paid' THEN 'refund_owed' WHEN 'pending' THEN 'expired'
                        ELSE deposit_status END
     WHERE id = $1`,
    [id, now.toISOString()],
  );
  // A hold let go was never a booking the tenant's webhooks heard of.
  if (row.state !== "held") await emitBookingEvent(q, "booking.cancelled", id, now);
  return bookingView(q, id);
}

/** The patient moves by their link, same professional and service: new keys or nothing changes. */
export async function moveByLink(
  q: Queryable,
  storeId: string,
  id: string,
  token: string,
  startIso: string,
  now: Date,
): Promise<OnlineBooking> {
  await lockTenantShapes(q);
  await expireHolds(q, now, storeId);
  const row = await bookingByLink(q, storeId, id, token);
  checkChangeable(row, now);
  const rules = await rulesOf(q, storeId);
  const service = await serviceOf(q, storeId, row.service_id);
  const [pro] = await candidatesOf(q, storeId, service, row.professional_id);
  const start = Date.parse(startIso);
  await checkPlace(q, storeId, rules, service, pro!, start, now.getTime());
  const units = unitsOf(service, start);
  await q.query("SAVEPOINT turno_move");
  await releaseOnlineKeys(q, id, now);
  // Its room again if free there, else any other the service can use.
  const resources: (string | null)[] =
    service.resourceIds.length === 0
      ? [null]
      : [
          ...service.resourceIds.filter((r) => r === row.resource_id),
          ...service.resourceIds.filter((r) => r !== row.resource_id),
        ];
  let resourceId: string | null | undefined;
  for (const r of resources)
    if (await takeUnits(q, storeId, r ? [pro!.id, r] : [pro!.id], units, id)) {
      resourceId = r;
      break;
    }
  if (resourceId === undefined) {
    await q.query("ROLLBACK TO SAVEPOINT turno_move");
    throw taken(await nextFreeOnline(q, storeId, rules, service, [pro!], start + UNIT_MS, now.getTime()));
  }
  await q.query(
    `UPDATE turno_bookings SET start_at = $2, end_at = $3, unit_from = $4, unit_to = $5, updated_at = $6,
       allotment_id = (SELECT allotment_id FROM turno_allotment_units WHERE owner_id = $7 AND unit = $4),
       resource_id = $8
     WHERE id = $1`,
    [
      id,
      new Date(start).toISOString(),
      new Date(start + service.durationMinutes * MINUTE).toISOString(),
      units[0],
      units.at(-1)! + 1,
      now.toISOString(),
      pro!.id,
      resourceId,
    ],
  );
  return bookingView(q, id);
}
