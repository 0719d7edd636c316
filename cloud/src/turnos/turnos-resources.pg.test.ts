import { OnlineSetupSchema } from "@mostrador/contracts/http/cloud-turnos";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { v7 as uuidv7 } from "uuid";
import { beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  useTestCloud,
} from "../test-support/test-cloud.js";
import { AT, allotment, clinic, HOURS, setupOps } from "./test-turnos.js";

const t = useTestCloud();
type Slot = { start: string; professionalId: string };
type Refusal = { error: { code: string; message: string } };

/** 2026-03-03 (a Tuesday) in Buenos Aires runs from 03:00Z to 03:00Z the next day; 10:00 there is 13:00Z. */
const DAY_FROM = "2026-03-03T03:00:00.000Z";
const DAY_TO = "2026-03-04T03:00:00.000Z";

/**
 * Services that need a resource, booked online (docs/turnos.md "Resources online"): the desk grants the
 * room's units as an allotment of their own beside its professionals'; the cloud books kinesiología only
 * where it holds both a professional's unit and the room's, each checked by the same keys. Two
 * professionals share one room: the room is what 100 concurrent attempts fight over.
 */
describe("a service that needs a room, online", () => {
  let shop: Awaited<ReturnType<typeof ownerWithStore>>;
  let till: Awaited<ReturnType<typeof enrolledAppliance>>;
  const f = new OpFactory();
  const c = clinic();
  const room = c.kine.resourceIds![0]!;
  const second: OpPayload<"turno_professional", "created"> = {
    id: uuidv7(),
    name: "Lic. Roca",
    active: true,
    serviceIds: [c.kine.id],
    hours: HOURS,
    updatedAt: AT,
  };
  const api = (method: "GET" | "POST", url: string, payload?: object) =>
    t.cloud.app.inject({ method, url: `/v1/turnos/public/${url}`, ...(payload ? { payload } : {}) });
  const book = (body: Record<string, unknown>) =>
    api("POST", `${shop.storeId}/bookings`, {
      serviceId: c.kine.id,
      name: "Ana Gómez",
      phone: "+54 9 11 5555-0000",
      optIn: false,
      ...body,
    });
  const kineSlots = async () =>
    json<{ slots: Slot[] }>(
      await api("GET", `${shop.storeId}/slots?serviceId=${c.kine.id}&from=2026-03-03&to=2026-03-03`),
    ).slots;
  const keysOf = async (bookingId: string) =>
    (
      await t.db.owner.query<{ owner_id: string; n: number }>(
        `SELECT owner_id, count(*)::int AS n FROM turno_online_keys WHERE booking_id = $1
          GROUP BY owner_id ORDER BY owner_id`,
        [bookingId],
      )
    ).map((r) => [r.owner_id, r.n]);

  beforeAll(async () => {
    shop = await ownerWithStore(t.db.sql, t.cloud, "kine");
    till = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Recepción");
    const proGrant = allotment(c, DAY_FROM, DAY_TO);
    const secondGrant = { ...allotment(c, DAY_FROM, DAY_TO), professionalId: second.id };
    const res = await ingest(t.cloud, till.token, [
      ...setupOps(f, c),
      f.op("turno_professional", second.id, "created", second),
      f.op("turno_allotment", proGrant.id, "granted", proGrant),
      f.op("turno_allotment", secondGrant.id, "granted", secondGrant),
    ]);
    expect(res.statusCode, res.body).toBe(200);
  });

  it("is not offered while the cloud holds none of its room's units", async () => {
    const setup = await api("GET", `${shop.storeId}/setup`);
    expect(json<{ services: { id: string }[] }>(setup).services.map((s) => s.id)).toEqual([c.consulta.id]);
    const refused = await book({ start: "2026-03-03T13:00:00.000Z" });
    expect(refused.statusCode).toBe(404);
  });

  it("a grant of a room none of the store's services needs is given straight back, with its units", async () => {
    const stray = { ...allotment(c, DAY_FROM, DAY_TO), resourceId: uuidv7() };
    expect(
      (await ingest(t.cloud, till.token, [f.op("turno_allotment", stray.id, "granted", stray)])).statusCode,
    ).toBe(200);
    const [row] = await t.db.owner.query<{ state: string; returned: unknown; units: number }>(
      `SELECT state, returned_ranges AS returned,
              (SELECT count(*)::int FROM turno_allotment_units WHERE allotment_id = a.id) AS units
         FROM turno_allotments a WHERE id = $1`,
      [stray.id],
    );
    expect(row).toEqual({ state: "returned", returned: stray.ranges, units: 0 });
  });

  it("with the room's units granted, offers and books kinesiología where a professional and the room are free", async () => {
    const roomGrant = { ...allotment(c, DAY_FROM, DAY_TO), resourceId: room };
    expect(
      (await ingest(t.cloud, till.token, [f.op("turno_allotment", roomGrant.id, "granted", roomGrant)]))
        .statusCode,
    ).toBe(200);
    const setup = await api("GET", `${shop.storeId}/setup`);
    expectAnswer(OnlineSetupSchema, setup, json(setup));
    expect(json<{ services: { id: string }[] }>(setup).services.map((s) => s.id)).toContain(c.kine.id);
    // Both professionals at 10:00; one room.
    expect((await kineSlots()).filter((s) => s.start === "2026-03-03T13:00:00.000Z")).toHaveLength(2);
    const first = await book({ start: "2026-03-03T13:00:00.000Z", professionalId: c.pro.id });
    expect(first.statusCode, first.body).toBe(201);
    const { booking } = json<{ booking: { id: string } }>(first);
    expect(await keysOf(booking.id)).toEqual([c.pro.id, room].sort().map((id) => [id, 8]));
    // The other professional is free at 10:00, the room is not: nobody is offered then.
    expect((await kineSlots()).map((s) => s.start)).not.toContain("2026-03-03T13:00:00.000Z");
    const second2 = await book({ start: "2026-03-03T13:00:00.000Z", professionalId: second.id });
    expect(second2.statusCode).toBe(409);
    expect(json<Refusal>(second2).error.message).toBe("Ya no está disponible");
    // The consulta (no room) is still the first professional's to give at another time, and the
    // second's units at 10:00 stay free for a service without a room.
    const down = await t.cloud.app.inject({
      method: "GET",
      url: "/v1/shape?table=turno_bookings&offset=-1",
      headers: bearer(till.token),
    });
    const rows = (JSON.parse(down.body) as { value?: Record<string, string> }[]).flatMap((m) =>
      m.value ? [m.value] : [],
    );
    expect(rows.find((r) => r.id === booking.id)).toMatchObject({ resource_id: room });
  });

  it("100 concurrent attempts at one room's slot, with either professional, end with exactly one booking", async () => {
    const start = "2026-03-03T17:00:00.000Z";
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => book({ start, name: `Paciente ${i}` })),
    );
    const codes = answers.map((r) => r.statusCode);
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

  it("the patient's cancel frees the professional's and the room's keys", async () => {
    const res = await book({ start: "2026-03-03T18:00:00.000Z", professionalId: second.id });
    expect(res.statusCode).toBe(201);
    const { booking, manageToken } = json<{ booking: { id: string }; manageToken: string }>(res);
    expect(await keysOf(booking.id)).toHaveLength(2);
    const cancelled = await api("POST", `${shop.storeId}/bookings/${booking.id}/cancel`, {
      token: manageToken,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(await keysOf(booking.id)).toEqual([]);
    expect((await kineSlots()).map((s) => s.start)).toContain("2026-03-03T18:00:00.000Z");
  });
});
