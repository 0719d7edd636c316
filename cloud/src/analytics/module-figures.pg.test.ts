import ExcelJS from "exceljs";
import { AnalyticsAnswer } from "@mostrador/contracts/http/cloud-analytics";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { cardOp, cardPayload, entryOp, entryPayload } from "../cards/test-cards.js";
import { OpFactory } from "../ingest/test-ops.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  useTestCloud,
} from "../test-support/test-cloud.js";
import { AT, clinic, setupOps } from "../turnos/test-turnos.js";

// The Análisis' cards and turnos figures (card-figures.ts, turno-figures.ts) against a recount written
// here independently: plain GROUP BYs over the raw rows by each store's calendar day, and the clinic's
// open hours counted by hand (weekdays 9–13 and 14–18: 480 minutes). Buenos Aires is UTC−3.

const t = useTestCloud();
type Booking = OpPayload<"turno_booking", "created">;

const sales = async (token: string, query: string) => {
  const res = await t.cloud.app.inject({
    method: "GET",
    url: `/v1/analytics/sales?${query}`,
    headers: bearer(token),
  });
  expect(res.statusCode, res.body).toBe(200);
  expectAnswer(AnalyticsAnswer, res, json(res));
  return json<AnalyticsAnswer>(res);
};

/** Buenos Aires wall time on a day, as a UTC instant. */
const ba = (day: string, hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return new Date(Date.parse(`${day}T00:00:00Z`) + (h + 3) * 3_600_000 + m * 60_000).toISOString();
};

describe("cards figures in Análisis", () => {
  it("top-ups, charges, refunds, cash-outs, active cards and the float at the period's end equal a recount of the ledger, by the store's day", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "barra");
    const till = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Barra");
    const f = new OpFactory();
    const [a, b, c] = [cardPayload(), cardPayload(), cardPayload()];
    const entries = [
      // The period before (2026-02-22..28): a top-up still owed at the start.
      entryPayload(a.id, "topup", 500_000, ba("2026-02-27", "23:00")),
      entryPayload(a.id, "charge", -120_000, ba("2026-02-28", "01:30")),
      // The period: a night that crosses midnight counts on each local day.
      entryPayload(a.id, "charge", -80_000, ba("2026-03-01", "23:50")),
      entryPayload(b.id, "topup", 300_000, ba("2026-03-02", "00:10")),
      entryPayload(b.id, "charge", -150_000, ba("2026-03-02", "00:40")),
      entryPayload(b.id, "refund", 20_000, ba("2026-03-02", "01:00")),
      entryPayload(c.id, "topup", 100_000, ba("2026-03-04", "21:00")),
      entryPayload(c.id, "cashout", -100_000, ba("2026-03-04", "23:59")),
      // 2026-03-08 02:59Z is still the 7th in Buenos Aires; 03:00Z is the 8th (outside).
      entryPayload(a.id, "charge", -10_000, "2026-03-08T02:59:00.000Z"),
      entryPayload(a.id, "charge", -5_000, "2026-03-08T03:00:00.000Z"),
    ];
    const ops = [...[a, b, c].map((x) => cardOp(f, x)), ...entries.map((e) => entryOp(f, e))];
    expect((await ingest(t.cloud, till.token, ops)).statusCode).toBe(200);

    const answer = await sales(shop.token, "from=2026-03-01&to=2026-03-07");
    const cards = answer.cards!;

    const recount = async (from: string, to: string) => {
      const [row] = await t.db.owner.query<Record<string, string>>(
        `SELECT sum(CASE WHEN kind = 'topup' THEN amount ELSE 0 END) AS top_ups,
                sum(CASE WHEN kind = 'topup' THEN 1 ELSE 0 END) AS top_up_count,
                sum(CASE WHEN kind = 'charge' THEN -amount ELSE 0 END) AS charges,
                sum(CASE WHEN kind = 'refund' THEN amount ELSE 0 END) AS refunds,
                sum(CASE WHEN kind = 'cashout' THEN -amount ELSE 0 END) AS cash_outs,
                count(DISTINCT CASE WHEN kind IN ('topup', 'charge') THEN card_id END) AS active,
                count(DISTINCT CASE WHEN kind = 'charge' THEN card_id END) AS charged
           FROM card_entries e JOIN stores s ON s.id = e.store_id
          WHERE e.store_id = $1 AND (e.created_at AT TIME ZONE s.time_zone)::date BETWEEN $2 AND $3`,
        [shop.storeId, from, to],
      );
      const [owed] = await t.db.owner.query<{ total: string }>(
        `SELECT COALESCE(sum(amount), 0) AS total FROM card_entries e JOIN stores s ON s.id = e.store_id
          WHERE e.store_id = $1 AND (e.created_at AT TIME ZONE s.time_zone)::date <= $2`,
        [shop.storeId, to],
      );
      const r = row!;
      return {
        topUps: Number(r.top_ups ?? 0),
        topUpCount: Number(r.top_up_count ?? 0),
        charges: Number(r.charges ?? 0),
        chargeCount: expect.any(Number),
        refunds: Number(r.refunds ?? 0),
        cashOuts: Number(r.cash_outs ?? 0),
        activeCards: Number(r.active),
        averageSpend: Number(r.charged) === 0 ? null : Math.round(Number(r.charges) / Number(r.charged)),
        outstanding: Number(owed!.total),
      };
    };
    expect(cards.totals).toEqual(await recount("2026-03-01", "2026-03-07"));
    expect(cards.previous).toEqual(await recount("2026-02-22", "2026-02-28"));
    // The figures by hand, so the recount itself is checked too.
    expect(cards.totals).toMatchObject({
      topUps: 400_000,
      charges: 240_000,
      refunds: 20_000,
      cashOuts: 100_000,
      activeCards: 3,
      averageSpend: 120_000,
      outstanding: 500_000 - 120_000 - 80_000 + 300_000 - 150_000 + 20_000 - 10_000,
    });
    expect(cards.byDay).toHaveLength(7);
    expect(cards.byDay.find((d) => d.date === "2026-03-01")).toMatchObject({ charges: 80_000, topUps: 0 });
    expect(cards.byDay.find((d) => d.date === "2026-03-02")).toMatchObject({
      topUps: 300_000,
      charges: 150_000,
      refunds: 20_000,
      activeCards: 1,
    });
    expect(cards.byDay.find((d) => d.date === "2026-03-07")).toMatchObject({ charges: 10_000 });
    expect(cards.byStore).toEqual([
      expect.objectContaining({ storeId: shop.storeId, charges: 240_000, previousCharges: 120_000 }),
    ]);

    // The export carries the section: the CSV's cards table and an XLSX sheet.
    const csv = await t.cloud.app.inject({
      method: "GET",
      url: "/v1/analytics/export?from=2026-03-01&to=2026-03-07&format=csv&table=cards",
      headers: bearer(shop.token),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split("\r\n")[0]).toContain("Cargas");
    expect(csv.body).toContain("2026-03-02,3000.00,1,1500.00,200.00,0.00,1");
  });
});

describe("turnos figures in Análisis", () => {
  it("booked, attended, no-shows, cancellations, occupancy and señas by professional and day equal a recount of the bookings", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "clinica");
    const till = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Recepción");
    const f = new OpFactory();
    const c = clinic();
    const perez = { ...c.pro, id: uuidv7(), name: "Dr. Pérez" };
    const booking = (start: string, over: Partial<Booking> = {}): Booking => ({
      id: uuidv7(),
      customerId: null,
      serviceId: c.consulta.id,
      professionalId: c.pro.id,
      resourceId: null,
      start,
      end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
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
    const bookings = [
      booking(ba("2026-03-02", "09:00"), { state: "done", depositPaid: 500_000 }),
      booking(ba("2026-03-02", "10:00"), { state: "arrived" }),
      booking(ba("2026-03-02", "11:00"), { state: "no_show" }),
      booking(ba("2026-03-02", "12:00"), { state: "cancelled", cancelledAt: AT }),
      booking(ba("2026-03-03", "09:00"), { professionalId: perez.id, state: "done", depositPaid: 300_000 }),
      booking(ba("2026-03-03", "15:00"), {
        professionalId: perez.id,
        end: ba("2026-03-03", "16:00"),
        state: "no_show",
      }),
      // The week before: only in the previous period.
      booking(ba("2026-02-24", "09:00"), { state: "done" }),
    ];
    const ops = [
      ...setupOps(f, c),
      f.op("turno_professional", perez.id, "created", perez),
      ...bookings.map((b) => f.op("turno_booking", b.id, "created", b)),
    ];
    expect((await ingest(t.cloud, till.token, ops)).statusCode).toBe(200);

    const turnos = (await sales(shop.token, "from=2026-03-02&to=2026-03-08")).turnos!;
    const rows = await t.db.owner.query<{ pro: string | null; day: string | null } & Record<string, string>>(
      `SELECT professional_id AS pro, ((start_at AT TIME ZONE 'America/Argentina/Buenos_Aires')::date)::text AS day,
              count(*) AS booked,
              sum(CASE WHEN state IN ('arrived', 'done') THEN 1 ELSE 0 END) AS attended,
              sum(CASE WHEN state = 'no_show' THEN 1 ELSE 0 END) AS no_shows,
              sum(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
              sum(CASE WHEN state <> 'cancelled' THEN extract(epoch FROM end_at - start_at) / 60 ELSE 0 END) AS minutes,
              sum(deposit_paid) AS deposits
         FROM turno_bookings WHERE store_id = $1
          AND (start_at AT TIME ZONE 'America/Argentina/Buenos_Aires')::date BETWEEN '2026-03-02' AND '2026-03-08'
        GROUP BY ROLLUP (professional_id, 2)`,
      [shop.storeId],
    );
    const open = (pros: number, weekdays: number) => pros * weekdays * 480;
    const expected = (r: Record<string, string> | undefined, openMinutes: number) => {
      const attended = Number(r?.attended ?? 0);
      const noShows = Number(r?.no_shows ?? 0);
      const minutes = Number(r?.minutes ?? 0);
      return {
        booked: Number(r?.booked ?? 0),
        attended,
        noShows,
        noShowRateBp: attended + noShows === 0 ? null : Math.round((noShows * 10_000) / (attended + noShows)),
        cancelled: Number(r?.cancelled ?? 0),
        bookedMinutes: minutes,
        openMinutes,
        occupancyBp: openMinutes === 0 ? null : Math.round((minutes * 10_000) / openMinutes),
        deposits: Number(r?.deposits ?? 0),
      };
    };
    expect(turnos.totals).toEqual(
      expected(
        rows.find((r) => r.pro === null),
        open(2, 5),
      ),
    );
    for (const pro of [c.pro, perez])
      expect(turnos.byProfessional.find((p) => p.professionalId === pro.id)).toEqual({
        professionalId: pro.id,
        name: pro.name,
        ...expected(
          rows.find((r) => r.pro === pro.id && r.day === null),
          open(1, 5),
        ),
      });
    const day2 = rows.filter((r) => r.pro !== null && r.day === "2026-03-02");
    expect(turnos.byDay.find((d) => d.date === "2026-03-02")).toEqual({
      date: "2026-03-02",
      ...expected(day2[0], open(2, 1)),
    });
    expect(turnos.byDay.find((d) => d.date === "2026-03-08")).toMatchObject({ booked: 0, openMinutes: 0 });
    // By hand: 6 booked, 3 attended, 2 no-shows (40 %), 1 cancelled, 180 booked minutes (30 × 4 + 60) of 4 800.
    expect(turnos.totals).toMatchObject({
      booked: 6,
      attended: 3,
      noShows: 2,
      noShowRateBp: 4000,
      cancelled: 1,
      bookedMinutes: 180,
      openMinutes: 4800,
      deposits: 800_000,
    });
    expect(turnos.previous).toMatchObject({ booked: 1, attended: 1 });
  });

  it("a plan without the cards and turnos modules: both sections are null and the XLSX has no sheet for them", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "basico");
    // A trial that ended without a subscription: the plan's modules are off.
    await t.db.owner.query(
      `INSERT INTO billing_accounts (tenant_id, trial_ends_at, updated_at) VALUES ($1, '2026-01-01', now())
       ON CONFLICT (tenant_id) DO UPDATE SET trial_ends_at = '2026-01-01'`,
      [shop.tenantId],
    );
    const answer = await sales(shop.token, "from=2026-03-01&to=2026-03-07");
    expect(answer.cards).toBeNull();
    expect(answer.turnos).toBeNull();
    const xlsx = await t.cloud.app.inject({
      method: "GET",
      url: "/v1/analytics/export?from=2026-03-01&to=2026-03-07&format=xlsx",
      headers: bearer(shop.token),
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheets = book.worksheets.map((w) => w.name);
    expect(sheets).toContain("Productos");
    expect(sheets).not.toContain("Tarjetas");
    expect(sheets).not.toContain("Profesionales");
  });
});
