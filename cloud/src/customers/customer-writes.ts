import { checkedCustomer, type CustomerFields } from "@mostrador/contracts/customer-fields";
import type { CustomerInput, CustomerPatch } from "@mostrador/contracts/http/customers";
import { CUSTOMER_FIELD_NAMES, type CustomerField } from "@mostrador/contracts/sync/customers";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { nextCloudHlc } from "../catalog/hlc.js";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { eraseTurnosPatient } from "../turnos/patient-erasure.js";
import type { MessagingConfig } from "../messaging/config.js";
import {
  ensureCustomerContact,
  eraseCustomerContacts,
  recordCustomerConsent,
} from "../messaging/customer-consent.js";
import {
  customerRow,
  type CustomerRow,
  groupOf,
  lockCustomers,
  mergeFieldWrites,
  saveCustomerRow,
  settleMergeGroup,
} from "./customer-store.js";
import { emitWebhookEvents } from "../webhooks/outbox.js";
import { customerCreated } from "../webhooks/payloads.js";

const TIME_ZONE = "America/Argentina/Buenos_Aires";

/** A record not seen before: empty, so every field of its first write is newer than nothing. */
function blank(id: string, bornAt: string, at: string): CustomerRow {
  return {
    id,
    name: "",
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
    fieldHlc: {},
    contactId: null,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * One write of a customer, from a till (its op's values and clocks) or the dashboard (a cloud clock):
 * merged field by field into the row, then into its merge group. Call with the tenant's lock held.
 */
export async function writeCustomer(
  q: Queryable,
  tenantId: string,
  write: {
    id: string;
    bornAt: string;
    values: Partial<CustomerFields>;
    clocks: Partial<Record<CustomerField, string>>;
    mergedInto?: string | null;
  },
  now: Date,
): Promise<string> {
  const nowIso = now.toISOString();
  const stored = await customerRow(q, write.id);
  const current = stored ?? blank(write.id, write.bornAt, nowIso);
  const next = mergeFieldWrites(current, write.values, write.clocks);
  if (write.mergedInto && !next.mergedInto) next.mergedInto = write.mergedInto;
  if (JSON.stringify(next) !== JSON.stringify(current) || !stored)
    await saveCustomerRow(q, tenantId, { ...next, updatedAt: nowIso });
  // customer.created for the tenant's webhooks: the first write of an id, in this transaction.
  if (!stored) await emitWebhookEvents(q, [customerCreated(write.id, write.bornAt, next.name ?? null)], now);
  return settleMergeGroup(q, tenantId, next, nowIso);
}

/** The dashboard's create: checked as at the till, born "cloud", every field with a cloud clock. */
export async function createCloudCustomer(
  q: Queryable,
  tenantId: string,
  input: CustomerInput,
  now: Date,
): Promise<string> {
  const fields = checkedCustomer(input, dayKeyIn(now, TIME_ZONE));
  await lockCustomers(q, tenantId);
  await refuseDuplicateCard(q, fields.loyaltyCode, null);
  const id = newId();
  const hlc = nextCloudHlc(now.getTime(), []);
  const clocks = Object.fromEntries(CUSTOMER_FIELD_NAMES.map((f) => [f, hlc]));
  await writeCustomer(q, tenantId, { id, bornAt: "cloud", values: fields, clocks }, now);
  return id;
}

/** The dashboard's edit: what the patch names, with a clock after every clock already on the row. */
export async function updateCloudCustomer(
  q: Queryable,
  tenantId: string,
  id: string,
  patch: CustomerPatch,
  now: Date,
): Promise<void> {
  await lockCustomers(q, tenantId);
  const current = await customerRow(q, id);
  if (!current) throw new CloudError("not_found", "customer_not_found", "El cliente no existe");
  if (current.erasedAt)
    throw new CloudError("conflict", "customer_erased", "Ese cliente fue borrado a pedido suyo");
  const base: CustomerInput = { ...current };
  const merged = { ...base, ...patch } as CustomerInput;
  if (patch.docNumber !== undefined && patch.docType === undefined) merged.docType = null;
  const fields = checkedCustomer(merged, dayKeyIn(now, TIME_ZONE));
  await refuseDuplicateCard(q, fields.loyaltyCode, id);
  const changed = CUSTOMER_FIELD_NAMES.filter(
    (f) => JSON.stringify(fields[f]) !== JSON.stringify(current[f]),
  );
  if (changed.length === 0) return;
  const hlc = nextCloudHlc(now.getTime(), Object.values(current.fieldHlc));
  const clocks = Object.fromEntries(changed.map((f) => [f, hlc]));
  await writeCustomer(q, tenantId, { id, bornAt: current.bornAt, values: fields, clocks }, now);
}

async function refuseDuplicateCard(
  q: Queryable,
  code: string | null,
  exceptId: string | null,
): Promise<void> {
  if (!code) return;
  const other = await q.query<{ name: string }>(
    "SELECT name FROM customers WHERE loyalty_code = $1 AND id IS DISTINCT FROM $2 AND erased_at IS NULL LIMIT 1",
    [code, exceptId],
  );
  if (other[0])
    throw new CloudError(
      "conflict",
      "duplicate_loyalty_code",
      `La tarjeta ${code} ya es de ${other[0].name}`,
    );
}

/** The personal fields erasure nulls, in the cloud's row, the shape log and raw payloads. */
const ERASED_JSON = {
  name: "",
  phone: null,
  email: null,
  birthday: null,
  notes: null,
  tags: [],
  loyalty_code: null,
};

/**
 * Delete on request, in the cloud: every record of the person (survivor and merged ones) loses its
 * personal fields, and so do the shape log's earlier rows of them, the raw event log and messaging's
 * contacts, consents and messages. A CUIT/CUIL the person was invoiced to (a document of that type and a
 * sale naming them) is kept, and said so: `keptDocNumber`. Sales keep naming the (now anonymous) id.
 */
export async function eraseCloudCustomer(
  q: Queryable,
  tenantId: string,
  id: string,
  now: Date,
  /** What the appliance kept for fiscal law when it erased (it may know of sales the cloud has not seen). */
  keptAtTill: string | null = null,
): Promise<{ keptDocNumber: string | null; erasedIds: string[] }> {
  await lockCustomers(q, tenantId);
  const group = await groupOf(q, id);
  if (group.length === 0) throw new CloudError("not_found", "customer_not_found", "El cliente no existe");
  const ids = group.map((m) => m.id);
  const sold = await q.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM sales WHERE customer_id = ANY($1)",
    [ids],
  );
  const fiscal = group.find((m) => m.docType === "cuit" || m.docType === "cuil");
  const keptDocNumber = keptAtTill ?? ((sold[0]?.n ?? 0) > 0 && fiscal ? fiscal.docNumber : null);
  const nowIso = now.toISOString();
  for (const m of group) {
    if (m.erasedAt) continue;
    const keep = keptDocNumber !== null && m.docNumber === keptDocNumber;
    await saveCustomerRow(q, tenantId, {
      ...m,
      name: "",
      docType: keep ? m.docType : null,
      docNumber: keep ? m.docNumber : null,
      phone: null,
      email: null,
      birthday: null,
      notes: null,
      tags: [],
      loyaltyCode: null,
      fieldHlc: {},
      erasedAt: nowIso,
      updatedAt: nowIso,
    });
  }
  const keepDoc = keptDocNumber ? {} : { doc_type: null, doc_number: null };
  await q.query(
    `UPDATE shape_log SET row = row || $2::jsonb
      WHERE tenant_id = current_tenant_id() AND table_name = 'customers' AND pk = ANY($1) AND op <> 'delete'`,
    [ids, JSON.stringify({ ...ERASED_JSON, ...keepDoc })],
  );
  await q.query(
    `UPDATE appliance_events SET payload = jsonb_build_object('id', entity_id, 'erased', true)
      WHERE entity = 'customer' AND entity_id = ANY($1)`,
    [ids],
  );
  await eraseCustomerContacts(
    q,
    group.flatMap((m) => (m.contactId ? [m.contactId] : [])),
    now,
  );
  await eraseTurnosPatient(q, ids);
  return { keptDocNumber, erasedIds: ids };
}

/**
 * A consent recorded for a customer (at a till, or by the owner), into messaging's consent records
 * through the customer's messaging contact (created on first use). A merged record's consent is the
 * survivor's.
 */
export async function applyCustomerConsent(
  q: Queryable,
  config: MessagingConfig,
  tenantId: string,
  consent: {
    customerId: string;
    channel: "email" | "whatsapp";
    granted: boolean;
    source: "till" | "dashboard";
    recordedBy: string;
    at: Date;
  },
): Promise<void> {
  const group = await groupOf(q, consent.customerId);
  const survivor = group.find((m) => !m.mergedInto);
  if (!survivor || survivor.erasedAt) return;
  const address = consent.channel === "email" ? survivor.email : survivor.phone;
  if (!address && !survivor.contactId) {
    if (!consent.granted) return;
    throw new CloudError(
      "invalid",
      "consent_without_contact",
      consent.channel === "email"
        ? "Para aceptar correos el cliente necesita un correo electrónico"
        : "Para aceptar WhatsApp el cliente necesita un teléfono",
    );
  }
  const contactId = await ensureCustomerContact(q, tenantId, survivor.contactId, survivor, consent.at);
  if (contactId !== survivor.contactId)
    await q.query("UPDATE customers SET contact_id = $2 WHERE id = $1", [survivor.id, contactId]);
  await recordCustomerConsent(
    q,
    config,
    tenantId,
    contactId,
    consent.channel,
    consent.granted,
    {
      source: consent.source === "till" ? "en el local (caja)" : "panel del dueño",
      recordedBy: consent.recordedBy,
    },
    consent.at,
  );
}
