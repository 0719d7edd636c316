import {
  AllotmentSchema,
  AllotmentsSchema,
  AvailabilitySchema,
  BookingChargeSchema,
  BookingHistorySchema,
  BookingSchema,
  BookingsSchema,
  ExceptionSchema,
  ProfessionalSchema,
  SeriesAnswer,
  ServiceSchema,
  TurnosSetupSchema,
} from "@mostrador/contracts/http/turnos";
import { Value } from "@sinclair/typebox/value";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";

let t: TestApi;
let clinic: Clinic;
let cashier: Record<string, string>;
let manager: Record<string, string>;

beforeEach(async () => {
  t = await openTestApi();
  t.core.clock.set(MONDAY_8AM);
  clinic = seedClinic(t.core);
  cashier = bearer(t.tokenFor("cashier"));
  manager = bearer(t.tokenFor("manager"));
});
afterEach(async () => t.close());

interface Refused {
  error: { message: string; details: { nextFree: { start: string }[] } };
}

const TEN_AM = "2026-11-23T13:00:00.000Z";
const counts = () =>
  t.core.db
    .prepare(
      "SELECT (SELECT count(*) FROM turno_bookings) AS b, (SELECT count(*) FROM turno_slots) AS s, (SELECT count(*) FROM outbox) AS o",
    )
    .get();

describe("turnos API", () => {
  it("100 concurrent attempts at one slot over real HTTP: exactly one booking, 99 'Ya no está disponible' with next free slots", async () => {
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const patients = Array.from({ length: 100 }, (_, i) => seedPatient(t.core, `Paciente ${i}`));
    const answers = await Promise.all(
      patients.map((customerId) =>
        fetch(`${address}/api/turnos/bookings`, {
          method: "POST",
          headers: { ...cashier, "content-type": "application/json" },
          body: JSON.stringify({
            serviceId: clinic.consulta.id,
            professionalId: clinic.lopez.id,
            start: TEN_AM,
            customerId,
          }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as Refused })),
      ),
    );
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status === 409);
    expect([won.length, lost.length]).toEqual([1, 99]);
    for (const a of lost) {
      expect(a.body.error.message).toBe("Ya no está disponible");
      expect(a.body.error.details.nextFree[0]?.start).toBe("2026-11-23T13:45:00.000Z");
    }
    expect(
      t.core.db.prepare("SELECT count(*) AS n FROM turno_bookings WHERE state = 'booked'").get(),
    ).toEqual({ n: 1 });
  });

  it("answers the setup, a booking and its charge in the contract's shapes", async () => {
    const setup = await t.app.inject({ method: "GET", url: "/api/turnos/setup", headers: cashier });
    expect(Value.Check(TurnosSetupSchema, setup.json())).toBe(true);
    const patient = seedPatient(t.core);
    const booked = await t.app.inject({
      method: "POST",
      url: "/api/turnos/bookings",
      headers: cashier,
      payload: { serviceId: clinic.consulta.id, start: TEN_AM, customerId: patient },
    });
    expect(booked.statusCode).toBe(200);
    expect(Value.Check(BookingSchema, booked.json())).toBe(true);
    const id = (booked.json() as { id: string }).id;
    const arrive = await t.app.inject({
      method: "POST",
      url: `/api/turnos/bookings/${id}/arrive`,
      headers: cashier,
    });
    expect(arrive.json()).toMatchObject({ state: "arrived" });
    const charge = await t.app.inject({
      method: "GET",
      url: `/api/turnos/bookings/${id}/charge`,
      headers: cashier,
    });
    expect(charge.json()).toMatchObject({ amountDue: 2_000_000, description: "Consulta · Dr. Pérez" });
  });

  it("refuses bad input with a Spanish error and changes nothing", async () => {
    const before = counts();
    const bad = [
      { serviceId: clinic.consulta.id, start: "mañana" },
      { serviceId: clinic.consulta.id, start: TEN_AM, extra: 1 },
      { start: TEN_AM },
    ];
    for (const payload of bad) {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/turnos/bookings",
        headers: cashier,
        payload,
      });
      expect(r.statusCode).toBe(400);
      expect((r.json() as { error: { message: string } }).error.message).toMatch(/[a-záéíóú]/);
    }
    const outside = await t.app.inject({
      method: "POST",
      url: "/api/turnos/bookings",
      headers: cashier,
      payload: {
        serviceId: clinic.consulta.id,
        professionalId: clinic.lopez.id,
        start: "2026-11-23T22:00:00.000Z",
      },
    });
    expect([outside.statusCode, outside.json().error.code]).toEqual([400, "outside_hours"]);
    const service = {
      name: "X",
      durationMinutes: 7,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 1,
      deposit: 0,
    };
    const oddMinutes = await t.app.inject({
      method: "POST",
      url: "/api/turnos/services",
      headers: manager,
      payload: service,
    });
    expect(oddMinutes.statusCode).toBe(400);
    expect(counts()).toEqual(before);
  });

  it("lets a manager set up services, not a cashier", async () => {
    const service = {
      name: "Control",
      durationMinutes: 20,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 5,
      price: 1_000_000,
      deposit: 0,
    };
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/turnos/services",
      headers: cashier,
      payload: service,
    });
    expect(refused.statusCode).toBe(403);
    const made = await t.app.inject({
      method: "POST",
      url: "/api/turnos/services",
      headers: manager,
      payload: service,
    });
    expect(Value.Check(ServiceSchema, made.json())).toBe(true);
    const deposit = await t.app.inject({
      method: "POST",
      url: "/api/turnos/services",
      headers: manager,
      payload: { ...service, deposit: 2_000_000 },
    });
    expect(deposit.json().error.message).toBe("La seña no puede superar el precio del servicio");
  });

  it("answers availability for 'cualquiera' and refuses a day that does not exist", async () => {
    const ok = await t.app.inject({
      method: "GET",
      url: `/api/turnos/availability?serviceId=${clinic.consulta.id}&from=2026-11-23&to=2026-11-23`,
      headers: cashier,
    });
    expect((ok.json() as { slots: unknown[] }).slots.length).toBeGreaterThan(50);
    const bad = await t.app.inject({
      method: "GET",
      url: `/api/turnos/availability?serviceId=${clinic.consulta.id}&from=2026-02-30&to=2026-03-01`,
      headers: cashier,
    });
    expect([bad.statusCode, bad.json().error.message]).toEqual([400, "La fecha no existe"]);
  });

  it("every answer holds to its contract schema (Fastify drops what a schema leaves out)", async () => {
    const patient = seedPatient(t.core);
    const call = async (method: "GET" | "POST" | "PUT", url: string, payload?: object) => {
      const r = await t.app.inject({
        method,
        url: `/api${url}`,
        headers: manager,
        ...(payload ? { payload } : {}),
      });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
      return r.json() as Record<string, unknown>;
    };
    const consulta = { serviceId: clinic.consulta.id, professionalId: clinic.lopez.id, customerId: patient };
    const series = await call("POST", "/turnos/series", { ...consulta, start: TEN_AM, count: 3 });
    expect(Value.Check(SeriesAnswer, series)).toBe(true);
    const first = (series.booked as { id: string }[])[0]?.id ?? "";
    expect(
      Value.Check(
        BookingSchema,
        await call("POST", `/turnos/bookings/${first}/move`, { start: "2026-11-23T14:00:00.000Z" }),
      ),
    ).toBe(true);
    expect(Value.Check(BookingHistorySchema, await call("GET", `/turnos/bookings/${first}/history`))).toBe(
      true,
    );
    expect(
      Value.Check(BookingsSchema, await call("GET", "/turnos/bookings?from=2026-11-23&to=2026-12-07")),
    ).toBe(true);
    expect(
      Value.Check(
        AvailabilitySchema,
        await call(
          "GET",
          `/turnos/availability?serviceId=${clinic.consulta.id}&from=2026-11-23&to=2026-11-24`,
        ),
      ),
    ).toBe(true);
    expect(Value.Check(BookingChargeSchema, await call("GET", `/turnos/bookings/${first}/charge`))).toBe(
      true,
    );
    const exception = {
      professionalId: null,
      day: "2026-12-25",
      kind: "closed",
      startMinute: null,
      endMinute: null,
    };
    expect(Value.Check(ExceptionSchema, await call("POST", "/turnos/exceptions", exception))).toBe(true);
    const pro = { name: "Lic. Ruiz", serviceIds: [clinic.kinesio.id], hours: [] };
    expect(Value.Check(ProfessionalSchema, await call("POST", "/turnos/professionals", pro))).toBe(true);
    t.core.clock.set("2026-11-23T15:02:00.000Z");
    const walkIn = await call("POST", "/turnos/walk-ins", { serviceId: clinic.kinesio.id });
    expect([walkIn.state, walkIn.start]).toEqual(["arrived", "2026-11-23T15:00:00.000Z"]);
  });

  it("turnos en línea: a manager grants and asks back; a cashier may look but not grant; bad input changes nothing", async () => {
    const refusedCashier = await t.app.inject({
      method: "POST",
      url: "/api/turnos/allotments",
      headers: cashier,
      payload: { professionalId: clinic.lopez.id, days: 3 },
    });
    expect(refusedCashier.statusCode).toBe(403);
    for (const payload of [
      { professionalId: clinic.lopez.id, days: 0 },
      { professionalId: clinic.lopez.id, days: 91 },
      { professionalId: clinic.lopez.id, from: "mañana" },
      { professionalId: clinic.lopez.id, extra: true },
    ]) {
      const before = counts();
      const res = await t.app.inject({
        method: "POST",
        url: "/api/turnos/allotments",
        headers: manager,
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/\S/);
      expect(counts()).toEqual(before);
    }
    const granted = await t.app.inject({
      method: "POST",
      url: "/api/turnos/allotments",
      headers: manager,
      payload: { professionalId: clinic.lopez.id, days: 3 },
    });
    expect(granted.statusCode).toBe(200);
    expect(Value.Errors(AllotmentSchema, granted.json()).First()).toBeUndefined();
    const id = granted.json<{ id: string }>().id;
    const list = await t.app.inject({ method: "GET", url: "/api/turnos/allotments", headers: cashier });
    expect(Value.Errors(AllotmentsSchema, list.json()).First()).toBeUndefined();
    expect(list.json<{ allotments: { id: string; state: string }[] }>().allotments).toMatchObject([
      { id, state: "granting" },
    ]);
    const reclaimed = await t.app.inject({
      method: "POST",
      url: `/api/turnos/allotments/${id}/reclaim`,
      headers: manager,
    });
    expect(reclaimed.json()).toMatchObject({ state: "reclaiming" });
  });
});
