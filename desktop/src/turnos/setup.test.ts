import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import {
  addException,
  createProfessional,
  createService,
  getService,
  setCoverage,
  updateService,
} from "./setup.js";
import { type Clinic, MONDAY_8AM, seedClinic } from "./test-fixture.js";

let core: TestCore;
let clinic: Clinic;
beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
});
afterEach(() => core.close());

const product = (id: string) =>
  core.db.prepare("SELECT name, price, iva_rate AS iva, active FROM products WHERE id = ?").get(id);
const counts = () =>
  core.db
    .prepare(
      `SELECT (SELECT count(*) FROM turno_services) AS s, (SELECT count(*) FROM turno_professionals) AS p,
        (SELECT count(*) FROM turno_exceptions) AS e, (SELECT count(*) FROM products) AS pr, (SELECT count(*) FROM outbox) AS o`,
    )
    .get();

describe("turnos setup", () => {
  it("a service is sold at the till as its own catalog product, kept in step with its name and price", () => {
    expect(product(clinic.consulta.productId)).toEqual({
      name: "Consulta",
      price: 2_000_000,
      iva: 2100,
      active: 1,
    });
    updateService(core, clinic.consulta.id, {
      name: "Consulta clínica",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
      price: 2_500_000,
      deposit: 0,
      ivaRate: 0,
    });
    expect(product(clinic.consulta.productId)).toEqual({
      name: "Consulta clínica",
      price: 2_500_000,
      iva: 0,
      active: 1,
    });
    expect(getService(core.db, clinic.consulta.id).ivaRate).toBe(0); // the setup form edits what is there
    const ops = core.db
      .prepare("SELECT entity, op FROM outbox WHERE entity LIKE 'turno_%' ORDER BY seq")
      .all();
    expect(ops).toContainEqual({ entity: "turno_service", op: "updated" });
  });

  it("refuses bad setup with a clear error and changes nothing", () => {
    const before = counts();
    const service = {
      name: "X",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 100,
      deposit: 0,
    };
    const tries: [() => unknown, string][] = [
      [
        () => createService(core, { ...service, deposit: 200 }),
        "La seña no puede superar el precio del servicio",
      ],
      [
        () =>
          createService(core, {
            ...service,
            copays: [
              { payer: "OSDE", copay: 1 },
              { payer: "osde", copay: 2 },
            ],
          }),
        "Hay una cobertura repetida en los copagos",
      ],
      [() => createService(core, { ...service, resourceIds: ["nope"] }), "El recurso no existe"],
      [
        () => createProfessional(core, { name: "Y", serviceIds: ["nope"], hours: [] }),
        "El servicio no existe",
      ],
      [
        () => createProfessional(core, { name: "Y", staffId: "nope", serviceIds: [], hours: [] }),
        "El empleado no existe",
      ],
      [
        () =>
          createProfessional(core, {
            name: "Y",
            serviceIds: [],
            hours: [{ weekday: 1, kind: "work", startMinute: 600, endMinute: 540 }],
          }),
        "Cada horario debe terminar después de empezar",
      ],
      [
        () =>
          addException(core, {
            professionalId: null,
            day: "2026-02-30",
            kind: "closed",
            startMinute: null,
            endMinute: null,
          }),
        "La fecha no existe",
      ],
      [
        () =>
          addException(core, {
            professionalId: null,
            day: "2026-12-01",
            kind: "extra",
            startMinute: null,
            endMinute: null,
          }),
        "Un día extra necesita su horario",
      ],
      [
        () =>
          addException(core, {
            professionalId: null,
            day: "2026-12-01",
            kind: "closed",
            startMinute: 600,
            endMinute: null,
          }),
        "Indicá desde y hasta qué hora, con el fin después del inicio",
      ],
      [
        () =>
          addException(core, {
            professionalId: "nope",
            day: "2026-12-01",
            kind: "closed",
            startMinute: null,
            endMinute: null,
          }),
        "El profesional no existe",
      ],
      [() => setCoverage(core, "nope", { payer: "OSDE" }), "El paciente no existe"],
    ];
    for (const [fn, message] of tries) expect(refusal(fn).message).toBe(message);
    expect(counts()).toEqual(before);
  });
});
