import {
  WaitlistBookedSchema,
  WaitlistEntrySchema,
  WaitlistOfferSchema,
  WaitlistSchema,
} from "@mostrador/contracts/http/turnos-waitlist";
import { Value } from "@sinclair/typebox/value";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";

let t: TestApi;
let clinic: Clinic;
let cashier: Record<string, string>;

beforeEach(async () => {
  t = await openTestApi();
  t.core.clock.set(MONDAY_8AM);
  clinic = seedClinic(t.core);
  cashier = bearer(t.tokenFor("cashier"));
});
afterEach(async () => t.close());

/** Tuesday 24 Nov 2026, 10:00 in Buenos Aires. */
const TUE_10 = "2026-11-24T13:00:00.000Z";
const counts = () =>
  t.core.db
    .prepare(
      `SELECT (SELECT count(*) FROM turno_waitlist) AS w, (SELECT count(*) FROM turno_bookings) AS b,
        (SELECT count(*) FROM turno_slots) AS s, (SELECT count(*) FROM outbox) AS o`,
    )
    .get();
const call = (method: "GET" | "POST", url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/turnos/waitlist${url}`,
    headers: cashier,
    ...(payload ? { payload } : {}),
  });

describe("waitlist API", () => {
  it("any staff member adds, lists, matches, books by phone and offers by message, in the contract's shapes", async () => {
    const patient = seedPatient(t.core, "Ana");
    t.core.db.prepare("UPDATE customers SET phone = '+5491155550000' WHERE id = ?").run(patient);
    const added = await call("POST", "", { customerId: patient, serviceId: clinic.consulta.id });
    expect(added.statusCode).toBe(200);
    expect(Value.Check(WaitlistEntrySchema, added.json())).toBe(true);
    const list = await call("GET", "");
    expect(Value.Check(WaitlistSchema, list.json())).toBe(true);
    expect(list.json()).toMatchObject({ entries: [{ customerName: "Ana", state: "waiting" }] });
    const slot = { professionalId: clinic.lopez.id, serviceId: clinic.consulta.id, start: TUE_10 };
    const matches = await call("GET", `/matches?${new URLSearchParams(slot).toString()}`);
    expect(matches.json()).toMatchObject({ entries: [{ customerName: "Ana" }] });
    const offer = await call("POST", "/offers", slot);
    expect(offer.statusCode).toBe(200);
    expect(Value.Check(WaitlistOfferSchema, offer.json())).toBe(true);
    // While the cloud offers it, she is not booked by phone elsewhere.
    const other = { ...slot, start: "2026-11-24T14:00:00.000Z" };
    const busy = await call("POST", `/${(added.json() as { id: string }).id}/book`, other);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ error: { code: "waitlist_offered" } });

    const beto = seedPatient(t.core, "Beto");
    const b = (await call("POST", "", { customerId: beto, professionalId: clinic.perez.id })).json() as {
      id: string;
    };
    const booked = await call("POST", `/${b.id}/book`, { ...other, professionalId: clinic.perez.id });
    expect(booked.statusCode).toBe(200);
    expect(Value.Check(WaitlistBookedSchema, booked.json())).toBe(true);
    expect(booked.json()).toMatchObject({ entry: { state: "booked" }, booking: { customerName: "Beto" } });
  });

  it("refuses bad requests with a clear Spanish error and changes nothing", async () => {
    const patient = seedPatient(t.core, "Ana");
    const before = counts();
    const cases: [() => ReturnType<typeof call>, number, string | RegExp][] = [
      [() => call("POST", "", {}), 400, /customerId/],
      [
        () => call("POST", "", { customerId: patient, serviceId: clinic.consulta.id, extra: 1 }),
        400,
        /extra/,
      ],
      [
        () => call("POST", "", { customerId: patient, weekdays: [9], serviceId: clinic.consulta.id }),
        400,
        /weekdays/,
      ],
      [
        () =>
          call("POST", "", {
            customerId: patient,
            fromMinute: 601,
            toMinute: 700,
            serviceId: clinic.consulta.id,
          }),
        400,
        /fromMinute/,
      ],
      [
        () => call("POST", "", { customerId: patient, serviceId: clinic.consulta.id, toDay: "24/11/2026" }),
        400,
        /toDay/,
      ],
      [
        () => call("POST", "", { customerId: patient }),
        400,
        "Indicá el servicio o el profesional que espera",
      ],
      [
        () =>
          call("POST", "", {
            customerId: "019a0000-0000-7000-8000-00000000dead",
            serviceId: clinic.consulta.id,
          }),
        404,
        "El paciente no existe",
      ],
      [
        () => call("POST", "/019a0000-0000-7000-8000-00000000dead/remove"),
        404,
        "Ese paciente no está en la lista de espera",
      ],
      [
        () =>
          call("POST", "/019a0000-0000-7000-8000-00000000dead/book", {
            professionalId: clinic.lopez.id,
            serviceId: clinic.consulta.id,
            start: TUE_10,
          }),
        404,
        "Ese paciente no está en la lista de espera",
      ],
      [
        () =>
          call("POST", "/offers", {
            professionalId: clinic.lopez.id,
            serviceId: clinic.consulta.id,
            start: "mañana",
          }),
        400,
        /start/,
      ],
      [
        () =>
          call("POST", "/offers", {
            professionalId: clinic.lopez.id,
            serviceId: clinic.consulta.id,
            start: TUE_10,
          }),
        400,
        "Nadie de la lista de espera con teléfono o email busca ese horario",
      ],
      [() => call("GET", "?state=pendiente"), 400, /state/],
    ];
    for (const [send, status, message] of cases) {
      const r = await send();
      expect(r.statusCode, r.body).toBe(status);
      expect((r.json() as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(counts()).toEqual(before);
    const anon = await t.app.inject({ method: "GET", url: "/api/turnos/waitlist" });
    expect(anon.statusCode).toBe(401);
  });
});
