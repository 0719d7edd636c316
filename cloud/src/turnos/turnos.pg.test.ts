import {
  OnlineBookedSchema,
  OnlineBookingSchema,
  OnlineSetupSchema,
  OnlineSlotsSchema,
} from "@mostrador/contracts/http/cloud-turnos";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { createStore } from "../tenancy/stores.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  snapshot,
  useTestCloud,
} from "../test-support/test-cloud.js";
import { allotment, clinic, setupOps } from "./test-turnos.js";

const t = useTestCloud();
type Shop = Awaited<ReturnType<typeof ownerWithStore>>;
type Till = Awaited<ReturnType<typeof enrolledAppliance>>;
type Slot = { start: string; professionalId: string };
type Refusal = { error: { code: string; message: string; details?: { nextFree?: Slot[] } } };

/** 2026-03-03 (a Tuesday) in Buenos Aires runs from 03:00Z to 03:00Z the next day; 10:00 there is 13:00Z. */
const DAY_FROM = "2026-03-03T03:00:00.000Z";
const DAY_TO = "2026-03-04T03:00:00.000Z";
const TEN = "2026-03-03T13:00:00.000Z";

describe("turnos in the cloud: projection, allotments, online booking", () => {
  let shop: Shop;
  let till: Till;
  let tillB: Till;
  let storeB: string;
  let other: Shop;
  let otherTill: Till;
  const f = new OpFactory();
  const fB = new OpFactory();
  const c = clinic();
  const cB = clinic(" B");
  const grant = allotment(c, DAY_FROM, DAY_TO);

  const api = (method: "GET" | "POST", url: string, payload?: object) =>
    t.cloud.app.inject({ method, url: `/v1/turnos/public/${url}`, ...(payload ? { payload } : {}) });
  const book = (storeId: string, body: Record<string, unknown>) =>
    api("POST", `${storeId}/bookings`, {
      serviceId: c.consulta.id,
      start: TEN,
      name: "Ana Gómez",
      phone: "+54 9 11 5555-0000",
      email: "ana@example.com",
      optIn: true,
      ...body,
    });
  const shapeOf = async (table: string, token: string) =>
    (
      JSON.parse(
        (
          await t.cloud.app.inject({
            method: "GET",
            url: `/v1/shape?table=${table}&offset=-1`,
            headers: bearer(token),
          })
        ).body,
      ) as { value?: Record<string, string> }[]
    ).flatMap((m) => (m.value ? [m.value] : []));
  /** The turnos tables as the owner sees them (no RLS): compared before and after a refused upload. */
  const turnoRows = async () =>
    JSON.stringify(
      await Promise.all(
        [
          "turno_allotments",
          "turno_allotment_units",
          "turno_online_keys",
          "turno_bookings",
          "turno_professionals",
        ].map((table) => t.db.owner.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`)),
      ),
    );
  const onlineKeys = async () =>
    Number((await t.db.owner.query<{ n: number }>("SELECT count(*)::int AS n FROM turno_online_keys"))[0]!.n);

  beforeAll(async () => {
    shop = await ownerWithStore(t.db.sql, t.cloud, "clinica");
    till = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Recepción");
    storeB = (await createStore(t.db.sql, shop.tenantId, "Sede B", t.cloud.clock)).id;
    tillB = await enrolledAppliance(t.cloud, shop.token, storeB, "Recepción B");
    other = await ownerWithStore(t.db.sql, t.cloud, "otra");
    otherTill = await enrolledAppliance(t.cloud, other.token, other.storeId, "Otra");
    expect((await ingest(t.cloud, till.token, setupOps(f, c))).statusCode).toBe(200);
    expect((await ingest(t.cloud, tillB.token, setupOps(fB, cB))).statusCode).toBe(200);
  });

  it("projects the setup: the later version wins, an older one replayed changes nothing", async () => {
    const renamed = { ...c.pro, name: "Dra. Paz Rivas", updatedAt: "2026-03-02T12:05:00.000Z" };
    const stale = { ...c.pro, name: "Viejo", updatedAt: "2026-03-02T11:00:00.000Z" };
    const res = await ingest(t.cloud, till.token, [
      f.op("turno_professional", c.pro.id, "updated", renamed),
      f.op("turno_professional", c.pro.id, "updated", stale),
    ]);
    expect(res.statusCode).toBe(200);
    const [row] = await t.db.owner.query<{ name: string }>(
      "SELECT name FROM turno_professionals WHERE id = $1",
      [c.pro.id],
    );
    expect(row?.name).toBe("Dra. Paz Rivas");
  });

  it("offers nothing online before the store grants an allotment", async () => {
    const res = await api(
      "GET",
      `${shop.storeId}/slots?serviceId=${c.consulta.id}&from=2026-03-03&to=2026-03-03`,
    );
    expect(res.statusCode).toBe(200);
    expect(json<{ slots: Slot[] }>(res).slots).toEqual([]);
    const refused = await book(shop.storeId, {});
    expect(refused.statusCode).toBe(409);
    expect(json<Refusal>(refused).error.message).toBe("Ya no está disponible");
  });

  it("a grant becomes the cloud's units and goes back down its store's shape as held (the acknowledgement)", async () => {
    expect(
      (await ingest(t.cloud, till.token, [f.op("turno_allotment", grant.id, "granted", grant)])).statusCode,
    ).toBe(200);
    const held = await shapeOf("turno_allotments", till.token);
    expect(held).toMatchObject([{ id: grant.id, state: "held", returned_ranges: "[]" }]);
    expect(await shapeOf("turno_allotments", tillB.token)).toEqual([]);
    const [units] = await t.db.owner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM turno_allotment_units WHERE allotment_id = $1",
      [grant.id],
    );
    expect(units?.n).toBe(288);
  });

  it("answers the booking page's setup: services that need no room, their professionals", async () => {
    const res = await api("GET", `${shop.storeId}/setup`);
    expect(res.statusCode).toBe(200);
    expectAnswer(OnlineSetupSchema, res, json(res));
    expect(json(res)).toMatchObject({
      timeZone: "America/Argentina/Buenos_Aires",
      services: [{ id: c.consulta.id, name: "Consulta" }],
      professionals: [{ id: c.pro.id, serviceIds: [c.consulta.id] }],
    });
  });

  it("offers the slots of the allotment inside working hours, stepped by the slot interval", async () => {
    const res = await api(
      "GET",
      `${shop.storeId}/slots?serviceId=${c.consulta.id}&from=2026-03-03&to=2026-03-04`,
    );
    expectAnswer(OnlineSlotsSchema, res, json(res));
    const slots = json<{ slots: Slot[] }>(res).slots;
    // 9:00–12:30 and 14:00–17:30 every 15 minutes; only Tuesday (Wednesday is not allotted).
    expect(slots).toHaveLength(15 + 15);
    expect(slots[0]).toMatchObject({ start: "2026-03-03T12:00:00.000Z", professionalId: c.pro.id });
    expect(slots.at(-1)?.start).toBe("2026-03-03T20:30:00.000Z");
  });

  it("books a free slot once: the second attempt gets «Ya no está disponible» with the next free slots", async () => {
    const first = await book(shop.storeId, {});
    expect(first.statusCode).toBe(201);
    expectAnswer(OnlineBookedSchema, first, json(first));
    expect(json(first)).toMatchObject({ booking: { state: "booked", patientName: "Ana Gómez", start: TEN } });
    const second = await book(shop.storeId, { name: "Beto" });
    expect(second.statusCode).toBe(409);
    const refusal = json<Refusal>(second).error;
    expect(refusal).toMatchObject({ code: "slot_taken", message: "Ya no está disponible" });
    // 10:00 + 30 min + 10 after: the next start is 10:45.
    expect(refusal.details?.nextFree?.[0]?.start).toBe("2026-03-03T13:45:00.000Z");
    // It goes down the store's shape with its units; the desk's own bookings never do.
    const down = await shapeOf("turno_bookings", till.token);
    expect(down).toMatchObject([{ state: "booked", origin: "online", patient_name: "Ana Gómez" }]);
    expect(Number(down[0]!.unit_to) - Number(down[0]!.unit_from)).toBe(8);
    expect(down[0]).not.toHaveProperty("manage_token_sha");
    expect(await shapeOf("turno_bookings", tillB.token)).toEqual([]);
  });

  it("100 concurrent attempts at one slot end with exactly one booking", async () => {
    const start = "2026-03-03T14:00:00.000Z";
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => book(shop.storeId, { start, name: `Paciente ${i}` })),
    );
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes.filter((s) => s === 201)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(99);
    for (const r of answers.filter((a) => a.statusCode === 409))
      expect(json<Refusal>(r).error.message).toBe("Ya no está disponible");
    const [n] = await t.db.owner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM turno_bookings WHERE start_at = $1 AND state <> 'cancelled'",
      [start],
    );
    expect(n?.n).toBe(1);
  });

  it.each([
    ["outside working hours", { start: "2026-03-03T23:00:00.000Z" }, 400, "outside_hours"],
    ["across a break", { start: "2026-03-03T15:45:00.000Z" }, 400, "across_break"],
    ["in the past", { start: "2026-03-01T13:00:00.000Z" }, 400, "in_the_past"],
    ["off the 5-minute grid", { start: "2026-03-03T13:02:00.000Z" }, 400, "not_on_grid"],
    [
      "a service the professional does not give",
      { serviceId: "no-existe", professionalId: c.pro.id },
      404,
      "service_not_found",
    ],
    ["a service that needs a room", { serviceId: c.kine.id }, 404, "service_not_found"],
    ["a phone that is not one", { phone: "llamame" }, 400, undefined],
    ["no name", { name: "" }, 400, undefined],
    ["a start that is not a time", { start: "mañana a las diez" }, 400, undefined],
    ["an email that is not one", { email: "ana.example.com" }, 400, undefined],
  ])("refuses a booking %s and changes nothing", async (_label, body, status, code) => {
    const before = await snapshot(t.db.owner);
    const res = await book(shop.storeId, body);
    expect(res.statusCode).toBe(status);
    if (code) expect(json<Refusal>(res).error.code).toBe(code);
    expect(json<Refusal>(res).error.message).toMatch(/\S/);
    expect(await snapshot(t.db.owner)).toBe(before);
  });

  it("refuses a forged request naming another store's professional or service, changing nothing", async () => {
    const before = await snapshot(t.db.owner);
    // Store B of the same tenant, and a store of another tenant, asked for store A's consulta.
    for (const storeId of [storeB, other.storeId]) {
      const res = await book(storeId, { professionalId: c.pro.id });
      expect(res.statusCode).toBe(404);
      const slots = await api(
        "GET",
        `${storeId}/slots?serviceId=${c.consulta.id}&from=2026-03-03&to=2026-03-03`,
      );
      expect(slots.statusCode).toBe(404);
    }
    // Store A asked for store B's professional.
    const mixed = await book(shop.storeId, { professionalId: cB.pro.id });
    expect(mixed.statusCode).toBe(404);
    expect(json<Refusal>(mixed).error.code).toBe("professional_not_found");
    const unknown = await api("GET", `018f0000-0000-7000-8000-000000000000/setup`);
    expect(unknown.statusCode).toBe(404);
    expect(await snapshot(t.db.owner)).toBe(before);
  });

  it("refuses an upload naming another store's professional or another tenant's allotment, changing nothing", async () => {
    const before = await turnoRows();
    const forged = allotment(c, "2026-03-05T03:00:00.000Z", "2026-03-06T03:00:00.000Z");
    const res = await ingest(t.cloud, tillB.token, [fB.op("turno_allotment", forged.id, "granted", forged)]);
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(json(res))).toContain("El profesional pertenece a otro local");
    // Another tenant cannot see store A's professional at all (RLS): its grant is its own, empty of A.
    const reclaim = await ingest(t.cloud, otherTill.token, [
      new OpFactory().op("turno_allotment", grant.id, "reclaim", grant),
    ]);
    expect(reclaim.statusCode).toBe(200);
    expect(await shapeOf("turno_allotments", till.token)).toMatchObject([{ id: grant.id, state: "held" }]);
    expect(await shapeOf("turno_allotments", otherTill.token)).toEqual([]);
    // A grant of millions of units (a forged op) or with reversed runs is refused before anything applies.
    for (const ranges of [[[0, 2 ** 31 - 1]], [[5_900_000, 5_899_000]]] as [number, number][][]) {
      const huge = { ...allotment(c, DAY_FROM, DAY_TO), ranges };
      const refused = await ingest(t.cloud, till.token, [f.op("turno_allotment", huge.id, "granted", huge)]);
      expect(refused.statusCode).toBe(422);
      expect(JSON.stringify(json(refused))).toContain("superan los 90 días");
    }
    expect(await turnoRows()).toBe(before);
  });

  it("keeps each tenant's turnos to itself (RLS): another tenant's service role sees none of them", async () => {
    const tables = [
      "turno_rules",
      "turno_professionals",
      "turno_services",
      "turno_allotments",
      "turno_allotment_units",
      "turno_bookings",
      "turno_online_keys",
    ];
    const count = (tenantId: string) =>
      t.db.sql.withTenant(tenantId, async (q) => {
        const out: number[] = [];
        for (const table of tables)
          out.push(Number((await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n));
        return out;
      });
    expect(await count(other.tenantId)).toEqual(tables.map(() => 0));
    expect((await count(shop.tenantId)).every((n) => n > 0)).toBe(true);
    // Nor can it write into them under another tenant's id.
    await expect(
      t.db.sql.withTenant(other.tenantId, (q) =>
        q.query(
          "INSERT INTO turno_allotment_units (tenant_id, owner_id, unit, allotment_id) VALUES ($1, 'x', 1, $2)",
          [shop.tenantId, grant.id],
        ),
      ),
    ).rejects.toThrow();
  });

  it("the patient's link shows, moves and cancels; a wrong token is refused and changes nothing", async () => {
    const res = await book(shop.storeId, { start: "2026-03-03T17:00:00.000Z", name: "Carla" });
    const { booking, manageToken } = json<{ booking: { id: string }; manageToken: string }>(res);
    const url = `${shop.storeId}/bookings/${booking.id}`;
    const before = await snapshot(t.db.owner);
    expect((await api("GET", `${url}?token=falso`)).statusCode).toBe(404);
    expect((await api("POST", `${url}/cancel`, { token: "falso" })).statusCode).toBe(404);
    expect(
      (await api("POST", `${storeB}/bookings/${booking.id}/cancel`, { token: manageToken })).statusCode,
    ).toBe(404);
    expect(await snapshot(t.db.owner)).toBe(before);

    const seen = await api("GET", `${url}?token=${manageToken}`);
    expectAnswer(OnlineBookingSchema, seen, json(seen));
    // Onto a taken slot: refused, the booking keeps its place.
    const onto = await api("POST", `${url}/move`, { token: manageToken, start: TEN });
    expect(onto.statusCode).toBe(409);
    expect(json<Refusal>(onto).error.message).toBe("Ya no está disponible");
    expect(await snapshot(t.db.owner)).toBe(before);
    const moved = await api("POST", `${url}/move`, { token: manageToken, start: "2026-03-03T18:00:00.000Z" });
    expect(moved.statusCode).toBe(200);
    expect(json(moved)).toMatchObject({ start: "2026-03-03T18:00:00.000Z" });
    // The old place is free again, the new one is not.
    const free = json<{ slots: Slot[] }>(
      await api("GET", `${shop.storeId}/slots?serviceId=${c.consulta.id}&from=2026-03-03&to=2026-03-03`),
    ).slots.map((s) => s.start);
    expect(free).toContain("2026-03-03T17:00:00.000Z");
    expect(free).not.toContain("2026-03-03T18:00:00.000Z");

    const keys = await onlineKeys();
    const cancelled = await api("POST", `${url}/cancel`, { token: manageToken });
    expect(cancelled.statusCode).toBe(200);
    expect(json(cancelled)).toMatchObject({ state: "cancelled" });
    expect(await onlineKeys()).toBe(keys - 8);
    const again = await api("POST", `${url}/cancel`, { token: manageToken });
    expect(again.statusCode).toBe(409);
  });

  it("the desk cancelling an online booking gives its units back to the allotment; cancelled stays final", async () => {
    const res = await book(shop.storeId, { start: "2026-03-03T19:00:00.000Z", name: "Dora" });
    const { booking } = json<{ booking: { id: string } }>(res);
    const [row] = await t.db.owner.query<{ payload: unknown }>("SELECT * FROM turno_bookings WHERE id = $1", [
      booking.id,
    ]);
    expect(row).toBeTruthy();
    const payload = {
      id: booking.id,
      customerId: null,
      serviceId: c.consulta.id,
      professionalId: c.pro.id,
      resourceId: null,
      start: "2026-03-03T19:00:00.000Z",
      end: "2026-03-03T19:30:00.000Z",
      state: "cancelled" as const,
      holdExpiresAt: null,
      seriesId: null,
      origin: "online" as const,
      walkIn: false,
      price: 2_000_000,
      depositPaid: 0,
      arrivedAt: null,
      cancelledAt: "2026-03-02T12:10:00.000Z",
      cancelledBy: null,
      updatedAt: "2026-03-02T12:10:00.000Z",
    };
    const keys = await onlineKeys();
    expect(
      (await ingest(t.cloud, till.token, [f.op("turno_booking", booking.id, "updated", payload)])).statusCode,
    ).toBe(200);
    expect(await onlineKeys()).toBe(keys - 8);
    // A later "confirmed" from a desk that had not heard does not bring it back.
    await ingest(t.cloud, till.token, [
      f.op("turno_booking", booking.id, "updated", {
        ...payload,
        state: "confirmed",
        updatedAt: "2026-03-02T12:20:00.000Z",
      }),
    ]);
    const [after] = await t.db.owner.query<{ state: string }>(
      "SELECT state FROM turno_bookings WHERE id = $1",
      [booking.id],
    );
    expect(after?.state).toBe("cancelled");
    expect((await book(shop.storeId, { start: "2026-03-03T19:00:00.000Z" })).statusCode).toBe(201);
  });

  it("a reclaim returns every unit no online booking has; booked ones follow when their booking goes", async () => {
    expect(
      (await ingest(t.cloud, till.token, [f.op("turno_allotment", grant.id, "reclaim", grant)])).statusCode,
    ).toBe(200);
    const [answer] = await shapeOf("turno_allotments", till.token);
    expect(answer).toMatchObject({ id: grant.id, state: "returned" });
    const returned = JSON.parse(answer!.returned_ranges!) as [number, number][];
    const returnedUnits = returned.reduce((n, [a, b]) => n + b - a, 0);
    expect(returnedUnits + (await onlineKeys())).toBe(288);
    // Nothing is offered or bookable there any more.
    const slots = await api(
      "GET",
      `${shop.storeId}/slots?serviceId=${c.consulta.id}&from=2026-03-03&to=2026-03-03`,
    );
    expect(json<{ slots: Slot[] }>(slots).slots).toEqual([]);
    expect((await book(shop.storeId, { start: "2026-03-03T17:00:00.000Z" })).statusCode).toBe(409);
    // The same reclaim again changes nothing.
    const before = await turnoRows();
    await ingest(t.cloud, till.token, [f.op("turno_allotment", grant.id, "reclaim", grant)]);
    expect(await turnoRows()).toBe(before);
  });

  it("a reclaim racing 28 online bookings: every unit ends either returned or booked, never both", async () => {
    const thursday = allotment(c, "2026-03-05T03:00:00.000Z", "2026-03-06T03:00:00.000Z");
    await ingest(t.cloud, till.token, [f.op("turno_allotment", thursday.id, "granted", thursday)]);
    // Every 15 minutes from 9:00 to 12:15 and from 14:00 to 17:15 Buenos Aires, at once with the reclaim.
    const starts = [12, 17].flatMap((hourZ) =>
      Array.from(
        { length: 14 },
        (_, i) => new Date(Date.parse(`2026-03-05T${hourZ}:00:00.000Z`) + i * 900_000),
      ),
    );
    const [answers] = await Promise.all([
      Promise.all(starts.map((s, i) => book(shop.storeId, { start: s.toISOString(), name: `Carrera ${i}` }))),
      ingest(t.cloud, till.token, [f.op("turno_allotment", thursday.id, "reclaim", thursday)]),
    ]);
    expect(answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 409).map((a) => a.body)).toEqual(
      [],
    );
    const [row] = await t.db.owner.query<{ state: string; returned: [number, number][] }>(
      "SELECT state, returned_ranges AS returned FROM turno_allotments WHERE id = $1",
      [thursday.id],
    );
    expect(row?.state).toBe("returned");
    const returned = new Set(
      row!.returned.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i)),
    );
    const kept = await t.db.owner.query<{ unit: number; booked: boolean }>(
      `SELECT u.unit, EXISTS (SELECT 1 FROM turno_online_keys k WHERE k.owner_id = u.owner_id AND k.unit = u.unit) AS booked
           FROM turno_allotment_units u WHERE u.allotment_id = $1`,
      [thursday.id],
    );
    // What the cloud kept is exactly what its bookings hold, and none of it was also given back.
    expect(kept.every((k) => k.booked)).toBe(true);
    expect(kept.some((k) => returned.has(k.unit))).toBe(false);
    expect(kept.length + returned.size).toBe(288);
    const won = answers.filter((a) => a.statusCode === 201).length;
    expect(kept.length).toBe(won * 8);
  });
});
