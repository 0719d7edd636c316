import type { CustomerInput, CustomerPatch } from "@mostrador/contracts/http/customers";
import type {
  ApiAppointment,
  ApiAppointmentCreate,
  ApiCustomer,
  ApiProduct,
  ApiProductCreate,
  ApiProductPatch,
} from "@mostrador/contracts/http/public-api";
import { createCloudProduct, updateCloudProduct } from "../catalog/products.js";
import type { Clock } from "../core/clock.js";
import { createCloudCustomer, updateCloudCustomer } from "../customers/customer-writes.js";
import { checkCatalogEdit, requireLiveCategory } from "../dashboard/catalog-routes.js";
import type { Sql } from "../db/sql.js";
import type { MessagingConfig } from "../messaging/config.js";
import { requireStore } from "../tenancy/stores.js";
import { bookOnline } from "../turnos/online.js";
import { syncBookingReminders } from "../turnos/reminders/schedule.js";
import { getAppointment, getCustomer, getProduct } from "./reads.js";

export type { CustomerInput, CustomerPatch };

/**
 * The public API's writes: only what may be born in the cloud, each through the very function the
 * dashboard (or the booking page) calls, so it is checked the same way and reaches the tills the same
 * way (the products and customers shapes; turno_bookings for an online booking).
 */

/** A new product, as the dashboard makes one (createCloudProduct): down the products shape. */
export async function createProduct(
  sql: Sql,
  tenantId: string,
  input: ApiProductCreate,
  clock: Clock,
): Promise<ApiProduct> {
  const { storeId = null, ...values } = input;
  if (typeof values.categoryId === "string") {
    const categoryId = values.categoryId;
    await sql.withTenant(tenantId, (q) => requireLiveCategory(q, categoryId));
  }
  const product = await createCloudProduct(
    sql,
    tenantId,
    { ...values, name: values.name.trim(), storeId },
    clock,
  );
  return sql.withTenant(tenantId, (q) => getProduct(q, product.id));
}

/** The dashboard catalog's edit (checkCatalogEdit, then updateCloudProduct): same fields, same rules. */
export async function updateProduct(
  sql: Sql,
  tenantId: string,
  id: string,
  patch: ApiProductPatch,
  clock: Clock,
): Promise<ApiProduct> {
  const edit: Record<string, unknown> = { ...patch };
  if (typeof edit.name === "string") edit.name = edit.name.trim();
  await sql.withTenant(tenantId, (q) => checkCatalogEdit(q, id, edit));
  const saved = await updateCloudProduct(sql, tenantId, id, edit, clock);
  return sql.withTenant(tenantId, (q) => getProduct(q, saved.variantOf ?? saved.id));
}

/** The dashboard's create of a customer (checked as at the till, born "cloud"): down the customers shape. */
export async function createCustomer(
  sql: Sql,
  tenantId: string,
  input: CustomerInput,
  clock: Clock,
): Promise<ApiCustomer> {
  return sql.withTenant(tenantId, async (q) => {
    const id = await createCloudCustomer(q, tenantId, input, clock.now());
    return getCustomer(q, id);
  });
}

export async function updateCustomer(
  sql: Sql,
  tenantId: string,
  id: string,
  patch: CustomerPatch,
  clock: Clock,
): Promise<ApiCustomer> {
  return sql.withTenant(tenantId, async (q) => {
    await updateCloudCustomer(q, tenantId, id, patch, clock.now());
    return getCustomer(q, id);
  });
}

/**
 * A booking as the store's booking page makes one (bookOnline, then its reminders, one transaction):
 * only inside what the desk gave the cloud, so it can never collide with the desk's own bookings.
 */
export async function bookAppointment(
  sql: Sql,
  tenantId: string,
  input: ApiAppointmentCreate,
  messaging: MessagingConfig,
  clock: Clock,
): Promise<ApiAppointment> {
  const { storeId, ...booking } = input;
  return sql.withTenant(tenantId, async (q) => {
    await requireStore(q, storeId);
    const now = clock.now();
    const { booking: made } = await bookOnline(q, storeId, booking, now);
    await syncBookingReminders(q, messaging, made.id, now);
    return getAppointment(q, made.id);
  });
}
