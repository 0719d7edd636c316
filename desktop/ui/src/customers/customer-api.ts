import { ApiError, query } from "@mostrador/contracts/http-client";
import type {
  ConsentInput,
  Customer,
  CustomerInput,
  CustomerPatch,
  Erasure,
} from "@mostrador/contracts/http/customers";
import { get, patch, post } from "../api/client.js";

/** The customers API as the till and the Clientes screen call it (desktop/src/customers/routes.ts). */
export const searchCustomers = (q: string, limit = 20) =>
  get<Customer[]>(`/api/customers${query({ q: q.trim() || undefined, limit })}`);

/** The customer whose loyalty card or QR carries `code`, or null when none does (the till then tries a product). */
export async function customerByLoyaltyCode(code: string): Promise<Customer | null> {
  try {
    return await get<Customer>(`/api/customers/loyalty/${encodeURIComponent(code)}`);
  } catch (e) {
    if (e instanceof ApiError && e.code === "loyalty_code_unknown") return null;
    throw e;
  }
}

export const createCustomer = (body: CustomerInput) => post<Customer>("/api/customers", body);
export const updateCustomer = (id: string, body: CustomerPatch) =>
  patch<Customer>(`/api/customers/${encodeURIComponent(id)}`, body);
export const recordConsent = (id: string, body: ConsentInput) =>
  post<Customer>(`/api/customers/${encodeURIComponent(id)}/consent`, body);
export const eraseCustomer = (id: string) =>
  post<Erasure>(`/api/customers/${encodeURIComponent(id)}/erase`, {});

/** What the sale carries: the agreed `{ id, name }` (other screens read it from the cart). */
export const saleCustomerOf = (c: Customer) => ({ id: c.id, name: c.name });
