import { extractText, getDocumentProxy } from "unpdf";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { OpFactory, salePayload } from "../ingest/test-ops.js";
import { startMessagingWorld } from "../messaging/test-support/messaging-world.js";
import { header } from "../messaging/test-support/test-smtp.js";
import { MessagingWorker } from "../messaging/worker.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { sendDueMonthlySummaries, sendMonthlySummary } from "./monthly-summary.js";

// The monthly summary (monthly-summary.ts, migration 0045): on the 1st in the shop's zone (Buenos Aires,
// UTC−3) the PDF of the month before reaches each owner recipient's inbox (the real test SMTP server)
// once, whatever restarts or second passes follow; an owner who unticked it gets nothing.

let db: TestDatabase;
let cloud: TestCloud;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;
// The shops are born in November: no October summary is owed.
const clock = new ManualClock("2026-11-05T15:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  world = await startMessagingWorld(db.sql, { clock });
  cloud = await openTestCloud(db.sql, { modules: world.modules(), clock });
});
afterAll(async () => {
  await world?.close();
  await cloud?.close();
  await db?.drop();
});

/** A shop with its email channel on the test SMTP and its owner as recipient; `sales` uploaded (at, pesos). */
async function shop(label: string, sales: [string, number][]) {
  const s = await ownerWithStore(db.sql, cloud, label);
  const call = (method: "POST" | "PATCH" | "PUT", url: string, payload: object) =>
    cloud.app.inject({ method, url: `/v1/messaging${url}`, headers: bearer(s.token), payload });
  const channel = await call("PATCH", "/channels/email", {
    enabled: true,
    settings: { host: "127.0.0.1", port: world.smtp.port, secure: false, from: "avisos@resumen.test" },
  });
  expect(channel.statusCode, channel.body).toBe(204);
  const inbox = `duena-${label}@resumen.test`;
  const contact = await call("POST", "/contacts", { name: "Dueña", email: inbox, ownerRecipient: true });
  expect(contact.statusCode, contact.body).toBe(201);
  const till = await enrolledAppliance(cloud, s.token, s.storeId);
  const f = new OpFactory();
  const ops = sales.map(([at, pesos], i) => {
    const p = salePayload([{ productId: uuidv7(), quantity: 1, unitPrice: pesos * 100 }], i + 1, { at });
    return f.op("sale", p.id, "created", p);
  });
  expect((await ingest(cloud, till.token, ops)).statusCode).toBe(200);
  return { ...s, inbox, contactId: json<{ id: string }>(contact).id, call };
}

/** Moves the test clock to an instant. */
const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());

/** The email's PDF part (multipart MIME, base64), read by hand: its file name and bytes. */
function pdfOf(raw: string): { filename: string; bytes: Uint8Array } {
  const part = raw.split(/\r?\n--/).find((p) => /content-type: application\/pdf/i.test(p));
  expect(part, "the email carries a PDF").toBeDefined();
  const [head, ...body] = part!.split(/\r?\n\r?\n/);
  const filename = /filename="?([^";\r\n]+)"?/i.exec(head!)?.[1] ?? "";
  return { filename, bytes: new Uint8Array(Buffer.from(body.join("").replace(/\s+/g, ""), "base64")) };
}

const runWorker = () => new MessagingWorker(db.sql, clock, world.config).runOnce();
const mailsTo = (email: string) => world.smtp.received.filter((m) => m.to.includes(email));

describe("the monthly summary mailed to the owner", () => {
  it("on the 1st in the shop's zone the month before's PDF reaches the owner once, its figures by the shop's calendar; an owner who opted out gets none", async () => {
    const kiosco = await shop("kiosco", [
      // 31 Oct 23:00 in Buenos Aires: October's (the month before November: the comparison).
      ["2026-11-01T02:00:00.000Z", 400],
      ["2026-11-10T15:00:00.000Z", 1_000],
      // 30 Nov 23:30 in Buenos Aires, already December in UTC: November's.
      ["2026-12-01T02:30:00.000Z", 234],
    ]);
    const callado = await shop("callado", [["2026-11-10T15:00:00.000Z", 500]]);
    const prefs = await callado.call("PUT", `/contacts/${callado.contactId}/alert-preferences`, {
      kinds: { monthly_summary: [] },
      quietStart: null,
      quietEnd: null,
      bypassSeverity: 3,
    });
    expect(prefs.statusCode, prefs.body).toBe(204);

    // 30 Nov 23:59 in Buenos Aires (December in UTC): not yet the 1st there, nothing is due.
    at("2026-12-01T02:59:00.000Z");
    await sendDueMonthlySummaries(db.sql, clock, () => {});
    await runWorker();
    expect(mailsTo(kiosco.inbox)).toHaveLength(0);

    // 1 Dec 00:30 in Buenos Aires: November's summary goes.
    at("2026-12-01T03:30:00.000Z");
    const errors: unknown[] = [];
    await sendDueMonthlySummaries(db.sql, clock, (_m, err) => errors.push(err));
    expect(errors).toEqual([]);
    await runWorker();
    // A restart, a second worker, a replayed pass: nothing more.
    await sendDueMonthlySummaries(db.sql, clock, () => {});
    expect(await sendMonthlySummary(db.sql, kiosco.tenantId, clock.now())).toBeNull();
    await runWorker();

    const mails = mailsTo(kiosco.inbox);
    expect(mails).toHaveLength(1);
    expect(header(mails[0]!.raw, "subject")).toBeDefined();
    const attached = pdfOf(mails[0]!.raw);
    expect(attached.filename).toBe("resumen-2026-11.pdf");
    const pdf = await getDocumentProxy(attached.bytes);
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, " ");
    expect(text).toContain("Resumen mensual — noviembre de 2026");
    // November: $ 1.000 + $ 234; October (the comparison): $ 400, +208,5 %.
    expect(text).toMatch(/Ventas \$ 1\.234,00 \$ 400,00 \+208,5 %/);
    expect(text).toContain("Productos más vendidos");
    expect(text).toContain("Tarjetas prepagas");
    expect(text).toContain("Turnos");

    // The owner who unticked it: recorded as done with no recipient, nothing in the inbox.
    expect(mailsTo(callado.inbox)).toHaveLength(0);
    const rows = await db.owner.query<{ tenant_id: string; month: string; recipients: number }>(
      `SELECT tenant_id, month::text, recipients FROM analytics_monthly_summaries
        WHERE tenant_id = ANY($1::uuid[]) ORDER BY recipients`,
      [[kiosco.tenantId, callado.tenantId]],
    );
    expect(rows).toEqual([
      { tenant_id: callado.tenantId, month: "2026-11-01", recipients: 0 },
      { tenant_id: kiosco.tenantId, month: "2026-11-01", recipients: 1 },
    ]);

    // Análisis' download: the same PDF for any past month; a month not begun yet is refused. (A new
    // session: the clock moved past the first one's end.)
    const login = await cloud.app.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: { email: kiosco.email, password: kiosco.password },
    });
    const token = json<{ token: string }>(login).token;
    const download = await cloud.app.inject({
      method: "GET",
      url: "/v1/analytics/summary.pdf?month=2026-10",
      headers: bearer(token),
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    const october = await getDocumentProxy(new Uint8Array(download.rawPayload));
    expect((await extractText(october, { mergePages: true })).text).toContain("octubre de 2026");
    const future = await cloud.app.inject({
      method: "GET",
      url: "/v1/analytics/summary.pdf?month=2027-01",
      headers: bearer(token),
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain("todavía no empezó");
  }, 60_000);
});
