import { CloudCustomerSchema, CloudErasureSchema } from "@mostrador/contracts/http/cloud-customers";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { Value } from "@sinclair/typebox/value";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { AT, clinic, setupOps } from "../turnos/test-turnos.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  snapshot,
  useTestCloud,
} from "../test-support/test-cloud.js";

const t = useTestCloud();

type Payload = OpPayload<"customer", "created">;
const CLOCK = (s: number) =>
  `${String(Date.parse("2026-03-02T12:00:00Z") + s * 1000).padStart(15, "0")}-00000-abcd`;

/** A customer as a till uploads it, with every field stamped at `s` seconds. */
function tillCustomer(id: string, bornAt: string, changes: Partial<Payload>, s = 1): Payload {
  const base: Payload = {
    id,
    name: "Lucía Fernández",
    docType: null,
    docNumber: null,
    ivaCondition: "consumidor_final",
    phone: null,
    email: null,
    birthday: null,
    notes: null,
    tags: [],
    loyaltyCode: null,
    bornAt,
    mergedInto: null,
    erasedAt: null,
    at: new Date(Date.parse("2026-03-02T12:00:00Z") + s * 1000).toISOString(),
    ...changes,
  };
  const fields = [
    "name",
    "docType",
    "docNumber",
    "ivaCondition",
    "phone",
    "email",
    "birthday",
    "notes",
    "tags",
    "loyaltyCode",
  ];
  return { ...base, fieldHlc: Object.fromEntries(fields.map((f) => [f, CLOCK(s)])) };
}

async function rows(tenantId: string) {
  return t.db.owner.query<Record<string, unknown>>(
    `SELECT id, name, doc_type, doc_number, phone, email, loyalty_code, merged_into, erased_at
       FROM customers WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  );
}

describe("customers in the cloud", () => {
  it("projects a till's customer, the sale that names them and their WhatsApp consent into messaging", async () => {
    const { cloud, db } = t;
    const a = await ownerWithStore(db.sql, cloud, "clientes");
    const app = await enrolledAppliance(cloud, a.token, a.storeId);
    const f = new OpFactory();
    const id = uuidv7();
    const { payload: sale } = f.sale();
    const ops = [
      f.op(
        "customer",
        id,
        "created",
        tillCustomer(id, a.storeId, { phone: "+5491122334455", docType: "dni", docNumber: "30123456" }),
      ),
      f.op("sale", sale.id, "created", { ...sale, customerId: id }),
      f.op("customer", id, "consent", {
        id: uuidv7(),
        customerId: id,
        channel: "whatsapp",
        granted: true,
        source: "till",
        staffId: "s-1",
        at: "2026-03-02T12:00:05.000Z",
      }),
    ];
    expect((await ingest(cloud, app.token, ops)).statusCode).toBe(200);
    expect((await ingest(cloud, app.token, ops)).statusCode).toBe(200); // a resend changes nothing

    expect(await rows(a.tenantId)).toMatchObject([{ id, name: "Lucía Fernández", doc_number: "30123456" }]);
    const [s] = await db.owner.query<{ customer_id: string }>("SELECT customer_id FROM sales WHERE id = $1", [
      sale.id,
    ]);
    expect(s?.customer_id).toBe(id);
    const consent = await db.owner.query<{ status: string; phone: string }>(
      `SELECT c.status, k.phone FROM messaging_consents c JOIN messaging_contacts k ON k.id = c.contact_id
        WHERE c.tenant_id = $1 AND c.channel = 'whatsapp'`,
      [a.tenantId],
    );
    expect(consent).toEqual([{ status: "opted_in", phone: "541122334455" }]);

    const list = await cloud.app.inject({ method: "GET", url: "/v1/customers", headers: bearer(a.token) });
    expect(list.statusCode).toBe(200);
    const customer = json<{ customers: unknown[] }>(list).customers[0];
    expect(Value.Check(CloudCustomerSchema, customer)).toBe(true);
    expect(customer).toMatchObject({
      bornAt: "Local clientes",
      consent: [{ channel: "whatsapp", status: "opted_in" }],
    });

    // Every store of the tenant downloads it.
    const shape = await cloud.app.inject({
      method: "GET",
      url: "/v1/shape?table=customers&offset=-1",
      headers: bearer(app.token),
    });
    expect(shape.statusCode).toBe(200);
    expect(JSON.stringify(shape.json())).toContain("Lucía Fernández");
  });

  /** The same person born at a till (earlier, offline) and in the dashboard: both orders of arrival. */
  async function bornTwice(order: "till-first" | "cloud-first") {
    const { cloud, db } = t;
    const a = await ownerWithStore(db.sql, cloud, `merge-${order}`);
    const app = await enrolledAppliance(cloud, a.token, a.storeId);
    const tillId = uuidv7(); // born at the till before the owner typed the same person in the dashboard
    const f = new OpFactory();
    const op = f.op(
      "customer",
      tillId,
      "created",
      tillCustomer(tillId, a.storeId, { docType: "dni", docNumber: "30123456", phone: "+5491122334455" }),
    );
    const dashboard = () =>
      cloud.app.inject({
        method: "POST",
        url: "/v1/customers",
        headers: bearer(a.token),
        payload: { name: "Lucía F.", docNumber: "30.123.456", email: "lucia@example.com" },
      });
    let cloudRes;
    if (order === "till-first") {
      expect((await ingest(cloud, app.token, [op])).statusCode).toBe(200);
      cloudRes = await dashboard();
    } else {
      cloudRes = await dashboard();
      expect((await ingest(cloud, app.token, [op])).statusCode).toBe(200);
    }
    expect(cloudRes.statusCode).toBe(201);
    const all = await rows(a.tenantId);
    // Typed after the till's record arrived, the dashboard answers with the person as they now are: the survivor.
    if (order === "till-first") expect(json<{ id: string }>(cloudRes).id).toBe(tillId);
    const cloudId = String(all.find((r) => r.id !== tillId)?.id);
    const survivor = all.find((r) => r.merged_into === null)!;
    const merged = all.find((r) => r.merged_into !== null)!;
    const shape = await cloud.app.inject({
      method: "GET",
      url: "/v1/shape?table=customers&offset=-1",
      headers: bearer(app.token),
    });
    return {
      tillId,
      cloudId,
      all,
      survivor,
      merged,
      shape: shape.json() as { value?: Record<string, unknown> }[],
    };
  }

  it("merges the same person created at a till and in the dashboard into one survivor, whatever arrives first", async () => {
    const one = await bornTwice("till-first");
    const two = await bornTwice("cloud-first");
    for (const r of [one, two]) {
      expect(r.all).toHaveLength(2);
      // The earliest born survives (UUIDv7 order); the other points at it.
      expect(r.survivor.id).toBe(r.tillId);
      expect(r.merged).toMatchObject({ id: r.cloudId, merged_into: r.tillId });
      // Each field is the group's best: a set value beats an empty one, the newer clock between set ones.
      expect(r.survivor).toMatchObject({
        doc_number: "30123456",
        phone: "+5491122334455",
        email: "lucia@example.com",
      });
      // What the stores download says the same.
      const down = r.shape.filter((m) => m.value).map((m) => m.value!);
      expect(down.find((v) => v.id === r.cloudId)?.merged_into).toBe(r.tillId);
    }
    const strip = (x: Record<string, unknown>) => ({ ...x, id: undefined, merged_into: undefined });
    expect(strip(one.survivor)).toEqual(strip(two.survivor));
    expect(one.survivor.name).toBe(two.survivor.name);
  });

  it("refuses bad dashboard input in Spanish and changes nothing", async () => {
    const { cloud, db } = t;
    const a = await ownerWithStore(db.sql, cloud, "malos");
    await cloud.app.inject({
      method: "POST",
      url: "/v1/customers",
      headers: bearer(a.token),
      payload: { name: "Ya", docNumber: "20111222", loyaltyCode: "T-1" },
    });
    const before = await snapshot(db.owner);
    for (const [payload, code] of [
      [{ name: "X", docNumber: "123" }, "invalid_dni"],
      [{ name: "X", docType: "cuit", docNumber: "20-12345678-5" }, "invalid_cuit"],
      [{ name: "X", phone: "12" }, "invalid_phone"],
      [{ name: "X", birthday: "2999-01-01" }, "invalid_birthday"],
      [{ name: "X", loyaltyCode: "T-1" }, "duplicate_loyalty_code"],
      [{ name: "X", sneaky: true }, "invalid_input"],
    ] as const) {
      const res = await cloud.app.inject({
        method: "POST",
        url: "/v1/customers",
        headers: bearer(a.token),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(json<{ error: { code: string; message: string } }>(res).error).toMatchObject({ code });
    }
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("erases a customer everywhere the cloud keeps them, keeping an invoiced CUIT and saying so", async () => {
    const { cloud, db } = t;
    const a = await ownerWithStore(db.sql, cloud, "borrar");
    const app = await enrolledAppliance(cloud, a.token, a.storeId);
    const f = new OpFactory();
    const id = uuidv7();
    const { payload: sale } = f.sale();
    await ingest(cloud, app.token, [
      f.op(
        "customer",
        id,
        "created",
        tillCustomer(id, a.storeId, {
          name: "Empresa Secreta SA",
          docType: "cuit",
          docNumber: "20123456786",
          ivaCondition: "responsable_inscripto",
          email: "secreta@example.com",
          phone: "+5491155556666",
          loyaltyCode: "SEC-1",
        }),
      ),
      f.op("sale", sale.id, "created", { ...sale, customerId: id }),
      f.op("customer", id, "consent", {
        id: uuidv7(),
        customerId: id,
        channel: "whatsapp",
        granted: true,
        source: "till",
        staffId: null,
        at: "2026-03-02T12:00:09.000Z",
      }),
    ]);
    // A turno of theirs, first booked online with who to expect (kept in turnos' rows, shape log and events).
    const c = clinic(" borrar");
    const bookingId = uuidv7();
    const booking: OpPayload<"turno_booking", "created"> = {
      id: bookingId,
      customerId: id,
      serviceId: c.consulta.id,
      professionalId: c.pro.id,
      resourceId: null,
      start: "2026-03-03T13:00:00.000Z",
      end: "2026-03-03T13:30:00.000Z",
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
      patientName: "Contacto Empresa Secreta",
      patientPhone: "+5491155556666",
      patientEmail: "secreta@example.com",
    };
    expect(
      (
        await ingest(cloud, app.token, [
          ...setupOps(f, c),
          f.op("turno_booking", bookingId, "created", booking),
        ])
      ).statusCode,
    ).toBe(200);
    expect(await snapshot(db.owner)).toContain("Contacto Empresa Secreta");
    const res = await cloud.app.inject({
      method: "POST",
      url: `/v1/customers/${id}/erase`,
      headers: bearer(a.token),
    });
    expect(res.statusCode).toBe(200);
    expectAnswer(CloudErasureSchema, res);
    expect(res.json()).toEqual({ keptDocNumber: "20123456786", erased: 1 });

    const everything = await snapshot(db.owner);
    // Nothing of theirs anywhere: the customer row, messaging, the shape logs, the raw events, turnos.
    for (const secret of ["Empresa Secreta", "secreta@example.com", "55556666", "SEC-1"])
      expect(everything).not.toContain(secret);
    expect(await rows(a.tenantId)).toMatchObject([{ id, name: "", doc_number: "20123456786" }]);
    const [s] = await db.owner.query<{ customer_id: string }>("SELECT customer_id FROM sales WHERE id = $1", [
      sale.id,
    ]);
    expect(s?.customer_id).toBe(id);

    // A late op from a till carrying the old data restores nothing.
    await ingest(cloud, app.token, [
      f.op("customer", id, "updated", tillCustomer(id, a.storeId, { name: "Otra vez" }, 50)),
    ]);
    expect(await rows(a.tenantId)).toMatchObject([{ name: "" }]);
  });
});
