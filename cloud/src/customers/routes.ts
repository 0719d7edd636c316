import {
  type CloudCustomer,
  CloudCustomerList,
  CloudCustomerQuery,
  CloudCustomerSchema,
  CloudErasureSchema,
} from "@mostrador/contracts/http/cloud-customers";
import {
  ConsentBody,
  type ConsentInput,
  CustomerBody,
  type CustomerInput,
  type CustomerPatch,
  CustomerPatchBody,
} from "@mostrador/contracts/http/customers";
import { IdParams } from "@mostrador/contracts/http/fields";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import type { MessagingConfig } from "../messaging/config.js";
import { customerRow, type CustomerRow, listCustomerRows } from "./customer-store.js";
import {
  applyCustomerConsent,
  createCloudCustomer,
  eraseCloudCustomer,
  updateCloudCustomer,
} from "./customer-writes.js";

async function view(q: Queryable, row: CustomerRow): Promise<CloudCustomer> {
  const consent = row.contactId
    ? await q.query<CloudCustomer["consent"][number] & { updatedAt: Date }>(
        `SELECT channel, status, source, recorded_by AS "recordedBy", updated_at AS "updatedAt"
           FROM messaging_consents WHERE contact_id = $1 AND channel IN ('email', 'whatsapp') ORDER BY channel`,
        [row.contactId],
      )
    : [];
  const store = await q.query<{ name: string }>("SELECT name FROM stores WHERE id::text = $1", [row.bornAt]);
  return {
    id: row.id,
    name: row.name,
    docType: row.docType,
    docNumber: row.docNumber,
    ivaCondition: row.ivaCondition,
    phone: row.phone,
    email: row.email,
    birthday: row.birthday,
    notes: row.notes,
    tags: row.tags,
    loyaltyCode: row.loyaltyCode,
    bornAt: store[0]?.name ?? row.bornAt,
    mergedInto: row.mergedInto,
    erasedAt: row.erasedAt,
    updatedAt: row.updatedAt,
    consent: consent.map((c) => ({ ...c, updatedAt: new Date(c.updatedAt).toISOString() })),
  };
}

async function viewById(q: Queryable, id: string): Promise<CloudCustomer> {
  const row = await customerRow(q, id);
  if (!row) throw new CloudError("not_found", "customer_not_found", "El cliente no existe");
  // A record merged away is shown as the survivor it now is.
  const survivor = row.mergedInto ? await customerRow(q, row.mergedInto) : null;
  return view(q, survivor ?? row);
}

/**
 * The owner's customers (/v1/customers): search, create and edit (any dashboard account, as at the
 * tills), consent by channel, and delete on request (the owner only). Every write reaches the stores
 * through the customers shape.
 */
export function customerRoutes(config: MessagingConfig): CloudRoutesFactory {
  return ({ sql, clock }) =>
    async (app) => {
      app.get(
        "/customers",
        { schema: { querystring: CloudCustomerQuery, response: { 200: CloudCustomerList } } },
        async (request): Promise<CloudCustomerList> => {
          const { search, limit } = request.query as { search?: string; limit: number };
          return sql.withTenant(ownerOf(request).tenantId, async (q) => {
            const rows = await listCustomerRows(q, search ?? "", limit);
            const customers: CloudCustomer[] = [];
            for (const r of rows) customers.push(await view(q, r));
            return { customers };
          });
        },
      );
      app.post(
        "/customers",
        { schema: { body: CustomerBody, response: { 201: CloudCustomerSchema } } },
        async (request, reply): Promise<CloudCustomer> => {
          const { tenantId } = ownerOf(request);
          const saved = await sql.withTenant(tenantId, async (q) => {
            const id = await createCloudCustomer(q, tenantId, request.body as CustomerInput, clock.now());
            return viewById(q, id);
          });
          reply.status(201);
          return saved;
        },
      );
      app.patch(
        "/customers/:id",
        { schema: { params: IdParams, body: CustomerPatchBody, response: { 200: CloudCustomerSchema } } },
        async (request): Promise<CloudCustomer> => {
          const { tenantId } = ownerOf(request);
          const { id } = request.params as { id: string };
          return sql.withTenant(tenantId, async (q) => {
            await updateCloudCustomer(q, tenantId, id, request.body as CustomerPatch, clock.now());
            return viewById(q, id);
          });
        },
      );
      app.post(
        "/customers/:id/consent",
        { schema: { params: IdParams, body: ConsentBody, response: { 200: CloudCustomerSchema } } },
        async (request): Promise<CloudCustomer> => {
          const owner = ownerOf(request);
          const { id } = request.params as { id: string };
          const body = request.body as ConsentInput;
          return sql.withTenant(owner.tenantId, async (q) => {
            if (!(await customerRow(q, id)))
              throw new CloudError("not_found", "customer_not_found", "El cliente no existe");
            await applyCustomerConsent(q, config, owner.tenantId, {
              customerId: id,
              channel: body.channel,
              granted: body.granted,
              source: "dashboard",
              recordedBy: owner.email,
              at: clock.now(),
            });
            return viewById(q, id);
          });
        },
      );
      app.post(
        "/customers/:id/erase",
        {
          preHandler: requireRole("owner"),
          schema: { params: IdParams, response: { 200: CloudErasureSchema } },
        },
        async (request) => {
          const { tenantId } = ownerOf(request);
          const { id } = request.params as { id: string };
          const done = await sql.withTenant(tenantId, (q) =>
            eraseCloudCustomer(q, tenantId, id, clock.now()),
          );
          return { keptDocNumber: done.keptDocNumber, erased: done.erasedIds.length };
        },
      );
    };
}
