import { type DashboardAgenda, DashboardAgendaSchema } from "@mostrador/contracts/http/cloud-turnos";
import { type TurnosReport, TurnosReportSchema } from "@mostrador/contracts/http/turnos";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { OpFactory, salePayload } from "../ingest/test-ops.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  snapshot,
  useTestCloud,
} from "../test-support/test-cloud.js";
import { AT, clinic, setupOps } from "./test-turnos.js";

/**
 * The dashboard's turnos report gives the desk's figures (desktop/src/turnos/reports.test.ts: the same
 * cases) from what an appliance uploaded. The test cloud's clock stands at 2026-03-02T12:00Z, Monday
 * 09:00 in Buenos Aires; the clinic's professional works weekdays 9–13 and 14–18 (480 minutes open).
 */
const t = useTestCloud();
type Booking = OpPayload<"turno_booking", "created">;

/** A Buenos Aires wall time "HH:MM" on a day, as a UTC instant (UTC−3, no DST in 2026). */
const at = (hhmm: string, day: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(
    Date.parse(`${day}T00:00:00.000Z`) + ((h ?? 0) + 3) * 3_600_000 + (m ?? 0) * 60_000,
  ).toISOString();
};
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const WEEK = "from=2026-03-02&to=2026-03-08";

/** A store of its own with the clinic uploaded, a second professional and each service's product. */
async function freshClinic(label: string) {
  const shop = await ownerWithStore(t.db.sql, t.cloud, label);
  const till = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Recepción");
  const f = new OpFactory();
  const c = clinic();
  const consulta = { ...c.consulta, productId: uuidv7() };
  const kine = { ...c.kine, productId: uuidv7() };
  const perez = { ...c.pro, id: uuidv7(), name: "Dr. Pérez" };
  const ops = [
    ...setupOps(f, { ...c, consulta, kine }),
    f.op("turno_professional", perez.id, "created", perez),
  ];
  expect((await ingest(t.cloud, till.token, ops)).statusCode).toBe(200);
  const booking = (start: string, over: Partial<Booking> = {}): Booking => ({
    id: uuidv7(),
    customerId: null,
    serviceId: consulta.id,
    professionalId: c.pro.id,
    resourceId: null,
    start,
    end: plus(start, 30),
    state: "booked",
    holdExpiresAt: null,
    seriesId: null,
    origin: "desk",
    walkIn: false,
    price: 2_000_000,
    depositPaid: 0,
    arrivedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    updatedAt: AT,
    ...over,
  });
  const upload = async (bookings: Booking[]) =>
    expect(
      (
        await ingest(
          t.cloud,
          till.token,
          bookings.map((b) => f.op("turno_booking", b.id, "created", b)),
        )
      ).statusCode,
    ).toBe(200);
  const get = (path: string, query: string, token = shop.token) =>
    t.cloud.app.inject({
      method: "GET",
      url: `/v1/turnos/${path}?storeId=${shop.storeId}&${query}`,
      headers: bearer(token),
    });
  const report = async (query = WEEK) => {
    const res = await get("reports", query);
    expect(res.statusCode, res.body).toBe(200);
    expectAnswer(TurnosReportSchema, res, json(res));
    return json<TurnosReport>(res);
  };
  return { shop, till, f, c, consulta, kine, perez, booking, upload, get, report };
}

describe("turnos report on the dashboard", () => {
  it("occupancy per professional and day: booked minutes of the open ones; a closed day is left out", async () => {
    const k = await freshClinic("ocupacion");
    const cancelled = k.booking(at("12:00", "2026-03-02"), { state: "cancelled", cancelledAt: AT });
    await k.upload([
      k.booking(at("10:00", "2026-03-02")),
      k.booking(at("11:00", "2026-03-02")),
      cancelled,
      k.booking(at("10:00", "2026-03-03"), {
        serviceId: k.kine.id,
        professionalId: k.perez.id,
        end: plus(at("10:00", "2026-03-03"), 45),
      }),
    ]);
    const closed: OpPayload<"turno_exception", "created"> = {
      id: uuidv7(),
      professionalId: k.c.pro.id,
      day: "2026-03-04",
      kind: "closed",
      startMinute: null,
      endMinute: null,
      updatedAt: AT,
    };
    await ingest(t.cloud, k.till.token, [k.f.op("turno_exception", closed.id, "created", closed)]);
    const r = await k.report();
    const paz = r.occupancy.filter((o) => o.professionalId === k.c.pro.id);
    expect(paz.map((o) => [o.day, o.openMinutes, o.bookedMinutes])).toEqual([
      ["2026-03-02", 480, 60],
      ["2026-03-03", 480, 0],
      ["2026-03-05", 480, 0],
      ["2026-03-06", 480, 0],
    ]);
    expect(r.occupancy.find((o) => o.professionalId === k.perez.id && o.day === "2026-03-03")).toMatchObject({
      professionalName: "Dr. Pérez",
      openMinutes: 480,
      bookedMinutes: 45,
    });
    // Ordered by name, as the desk does: "Dr. Pérez" before "Dra. Paz".
    expect(r.occupancy[0]?.professionalName).toBe("Dr. Pérez");
    expect(r.timeZone).toBe("America/Argentina/Buenos_Aires");
  });

  it("no-show rate over the bookings whose time has passed", async () => {
    const k = await freshClinic("ausentes");
    await k.upload([
      k.booking(at("10:00", "2026-02-24"), { state: "arrived", arrivedAt: at("09:55", "2026-02-24") }),
      k.booking(at("11:00", "2026-02-24"), { state: "no_show" }),
      k.booking(at("10:00", "2026-03-03")), // still to come
      k.booking(at("12:00", "2026-02-24"), { state: "cancelled", cancelledAt: at("08:00", "2026-02-24") }),
    ]);
    const r = await k.report("from=2026-02-23&to=2026-03-08");
    expect(r.noShows).toEqual({ past: 2, noShows: 1, rateBp: 5000 });
  });

  it("cancellations by notice, an online booking the patient cancelled by their link included", async () => {
    const k = await freshClinic("cancelaciones");
    const cancelledAt = at("10:00", "2026-03-03");
    const online = k.booking(at("11:30", "2026-03-03"), {
      origin: "online",
      state: "cancelled",
      patientName: "Eva",
      updatedAt: cancelledAt,
    });
    await k.upload([
      k.booking(at("11:00", "2026-03-03"), { state: "cancelled", cancelledAt }),
      k.booking(at("17:00", "2026-03-03"), { state: "cancelled", cancelledAt }),
      k.booking(at("10:00", "2026-03-05"), { state: "cancelled", cancelledAt }),
      online,
    ]);
    expect((await k.report()).cancellations).toEqual({
      total: 4,
      byNotice: [
        { notice: "under2h", count: 2 },
        { notice: "from2to24h", count: 1 },
        { notice: "over24h", count: 1 },
      ],
    });
  });

  it("revenue per service and professional from the linked sales: the service's line less returns, voids left out", async () => {
    const k = await freshClinic("ingresos");
    const a = k.booking(at("10:00", "2026-03-03"), { customerId: uuidv7() });
    const b = k.booking(at("10:00", "2026-03-03"), { serviceId: k.kine.id, professionalId: k.perez.id });
    const c = k.booking(at("11:00", "2026-03-03"), { professionalId: k.perez.id });
    const outside = k.booking(at("10:00", "2026-03-10"));
    await k.upload([a, b, c, outside]);
    const sale = (bookingId: string, productId: string, n: number, extra = false) => ({
      ...salePayload(
        [
          { productId, quantity: 1, unitPrice: 2_000_000 },
          ...(extra ? [{ productId: "p-crema", quantity: 1, unitPrice: 500_000 }] : []),
        ],
        n,
      ),
      bookingId,
    });
    const saleA = sale(a.id, k.consulta.productId, 1, true); // a cream sold on the same ticket: not the turno's
    const saleB = sale(b.id, k.kine.productId, 2);
    const saleC = sale(c.id, k.consulta.productId, 3);
    const saleOut = sale(outside.id, k.consulta.productId, 4);
    const ops = [
      ...[saleA, saleB, saleC, saleOut].map((s) => k.f.op("sale", s.id, "created", s)),
      k.f.voidOf(saleC),
      k.f.returnOf(saleB, k.kine.productId, 1),
    ];
    expect((await ingest(t.cloud, k.till.token, ops)).statusCode).toBe(200);
    const r = await k.report();
    expect(r.revenue.total).toBe(2_000_000);
    expect(r.revenue.byService.map((s) => [s.name, s.count, s.total])).toEqual([
      ["Consulta", 1, 2_000_000],
      ["Kinesiología", 1, 0],
    ]);
    expect(r.revenue.byProfessional.map((s) => [s.name, s.total])).toEqual([
      ["Dra. Paz", 2_000_000],
      ["Dr. Pérez", 0],
    ]);
  });

  it("new vs returning patients: whether their first booking ever is before the range", async () => {
    const k = await freshClinic("pacientes");
    const old = uuidv7();
    const fresh = uuidv7();
    const gone = uuidv7();
    await k.upload([
      k.booking(at("10:00", "2026-03-02"), { customerId: old }),
      k.booking(at("10:00", "2026-03-10"), { customerId: old }),
      k.booking(at("11:00", "2026-03-10"), { customerId: fresh }),
      k.booking(at("12:00", "2026-03-10"), { customerId: gone, state: "cancelled", cancelledAt: AT }),
    ]);
    expect((await k.report("from=2026-03-09&to=2026-03-15")).patients).toEqual({ new: 2, returning: 1 });
    expect((await k.report()).patients).toEqual({ new: 1, returning: 0 });
  });

  it("refuses an inverted range, one longer than 92 days, a day that does not exist, and changes nothing", async () => {
    const k = await freshClinic("rangos");
    const before = await snapshot(t.db.owner);
    const code = async (query: string) => {
      const res = await k.get("reports", query);
      return [res.statusCode, json<{ error: { code: string; message: string } }>(res).error];
    };
    expect(await code("from=2026-11-29&to=2026-11-23")).toEqual([
      400,
      expect.objectContaining({ code: "range_reversed", message: "La fecha final es anterior a la inicial" }),
    ]);
    expect(await code("from=2026-01-01&to=2026-04-03")).toEqual([
      400,
      expect.objectContaining({ code: "report_range_too_long" }),
    ]);
    expect(await code("from=2026-02-30&to=2026-03-01")).toEqual([
      400,
      expect.objectContaining({ code: "invalid_day", message: "La fecha no existe" }),
    ]);
    expect((await code("from=2026-03&to=2026-03-01"))[0]).toBe(400);
    expect((await k.get("reports", "from=2026-01-01&to=2026-04-02")).statusCode).toBe(200);
    expect(await snapshot(t.db.owner)).toBe(before);
  });

  it("another tenant's store is not found, a bad store id is refused, without a session nothing is shown", async () => {
    const k = await freshClinic("propia");
    const other = await ownerWithStore(t.db.sql, t.cloud, "ajena");
    for (const path of ["reports", "agenda"]) {
      const foreign = await k.get(path, WEEK, other.token);
      expect(foreign.statusCode).toBe(404);
      expect(json<{ error: { code: string } }>(foreign).error.code).toBe("store_not_found");
      const bad = await t.cloud.app.inject({
        method: "GET",
        url: `/v1/turnos/${path}?storeId=local-1&${WEEK}`,
        headers: bearer(k.shop.token),
      });
      expect(bad.statusCode).toBe(400);
      const anonymous = await t.cloud.app.inject({
        method: "GET",
        url: `/v1/turnos/${path}?storeId=${k.shop.storeId}&${WEEK}`,
      });
      expect(anonymous.statusCode).toBe(401);
    }
  });

  it("the accountant reads the report and the agenda (read-only roles read)", async () => {
    const k = await freshClinic("contadora");
    await t.db.owner.query("UPDATE accounts SET role = 'accountant' WHERE email = $1", [k.shop.email]);
    expect((await k.get("reports", WEEK)).statusCode).toBe(200);
    expect((await k.get("agenda", WEEK)).statusCode).toBe(200);
  });
});

describe("turnos agenda on the dashboard", () => {
  it("lists who is booked when, from the desk or online, with its state, in the store's days", async () => {
    const k = await freshClinic("agenda");
    const desk = k.booking(at("10:00", "2026-03-03"), { state: "confirmed" });
    const online = k.booking(at("11:00", "2026-03-03"), { origin: "online", patientName: "Eva Ruiz" });
    // 23:30 of Monday in Buenos Aires is already Tuesday in UTC: it belongs to Monday.
    const late = k.booking(at("23:30", "2026-03-02"), { professionalId: k.perez.id, state: "cancelled" });
    const nextDay = k.booking(at("10:00", "2026-03-04"));
    await k.upload([desk, online, late, nextDay]);
    const res = await k.get("agenda", "from=2026-03-03&to=2026-03-03");
    expect(res.statusCode).toBe(200);
    expectAnswer(DashboardAgendaSchema, res, json(res));
    const agenda = json<DashboardAgenda>(res);
    expect(
      agenda.bookings.map((b) => [
        b.start,
        b.professionalName,
        b.serviceName,
        b.origin,
        b.state,
        b.patientName,
      ]),
    ).toEqual([
      [desk.start, "Dra. Paz", "Consulta", "desk", "confirmed", null],
      [online.start, "Dra. Paz", "Consulta", "online", "booked", "Eva Ruiz"],
    ]);
    expect(agenda.professionals.map((p) => p.name)).toEqual(["Dr. Pérez", "Dra. Paz"]);
    const monday = json<{ bookings: { id: string }[] }>(
      await k.get("agenda", "from=2026-03-02&to=2026-03-02"),
    );
    expect(monday.bookings.map((b) => b.id)).toEqual([late.id]);
    const reversed = await k.get("agenda", "from=2026-03-04&to=2026-03-03");
    expect(json<{ error: { code: string } }>(reversed).error.code).toBe("range_reversed");
  });
});
