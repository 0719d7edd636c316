import { v7 as uuidv7 } from "uuid";

/** A minimal HTTP client of the local API, as a till would use it (crash test only). */

export interface ProductForSale {
  id: string;
  price: number;
  onHand: number;
}

export interface SaleRequest {
  id: string;
  lines: { productId: string; quantity: number }[];
  payments: { method: "cash" | "debit"; amount: number; tendered?: number }[];
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** The fields of the contract's Sale the crash test compares. */
export interface SaleAnswer {
  id: string;
  number: number;
  status: string;
  total: number;
  lines: { productId: string; quantity: number; total: number }[];
  payments: { method: string; amount: number }[];
}

export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function expectOk<T>(answer: ApiAnswer<T>, what: string): T {
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Logs `staffName` in with `pin` on the till named `terminalName`; returns the bearer token. */
export async function login(
  baseUrl: string,
  staffName: string,
  pin: string,
  terminalName: string,
): Promise<string> {
  type Options = { staff: { id: string; name: string }[]; terminals: { id: string; name: string }[] };
  const options = expectOk(await call<Options>(baseUrl, "GET", "/api/auth/options"), "auth/options");
  const staff = options.staff.find((s) => s.name === staffName);
  const terminal = options.terminals.find((t) => t.name === terminalName);
  if (!staff || !terminal)
    throw new Error(`No encuentro a ${staffName} o ${terminalName} en ${JSON.stringify(options)}`);
  const answer = await call<{ token: string }>(baseUrl, "POST", "/api/auth/login", undefined, {
    staffId: staff.id,
    pin,
    terminalId: terminal.id,
  });
  return expectOk(answer, `login ${staffName}`).token;
}

export async function openCash(baseUrl: string, token: string, openingFloat: number): Promise<void> {
  expectOk(await call(baseUrl, "POST", "/api/cash/open", token, { openingFloat }), "cash/open");
}

/** Products sold by the unit with stock on hand (weighed goods are left out: their totals need grams maths). */
export async function productsInStock(baseUrl: string, token: string): Promise<ProductForSale[]> {
  type Page = { items: { id: string; price: number; unit: string; onHand: number }[]; total: number };
  const items: Page["items"] = [];
  for (let offset = 0; ; offset += 200) {
    const path = `/api/products?active=true&limit=200&offset=${offset}`;
    const page = expectOk(await call<Page>(baseUrl, "GET", path, token), "products");
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) break;
  }
  return items
    .filter((p) => p.unit === "each" && p.onHand > 0 && p.price > 0)
    .map((p) => ({ id: p.id, price: p.price, onHand: p.onHand }));
}

/**
 * A random sale of 1–5 distinct products, 1–2 units each, never more than the stock left (`stock`
 * is decremented as sales are made, so every sale stays within stock whatever the shop's policy),
 * with no discounts, so its total is Σ price × quantity (prices are IVA-included). Paid in cash
 * (tendered rounded up to $1.000) or mixed: part debit, the rest cash. Null when stock ran out.
 */
export function randomSale(stock: readonly ProductForSale[], random: () => number): SaleRequest | null {
  const available = stock.filter((p) => p.onHand > 0);
  if (available.length === 0) return null;
  const count = 1 + Math.floor(random() * 5);
  const picked = new Set<ProductForSale>();
  while (picked.size < Math.min(count, available.length)) {
    picked.add(available[Math.floor(random() * available.length)] as ProductForSale);
  }
  const lines = [...picked].map((p) => {
    const quantity = Math.min(p.onHand, 1 + Math.floor(random() * 2));
    p.onHand -= quantity;
    return { productId: p.id, quantity, price: p.price };
  });
  const total = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
  const tendered = (cash: number) => Math.ceil(cash / 100_000) * 100_000;
  const debit = total >= 2 && random() < 0.5 ? 1 + Math.floor(random() * (total - 1)) : 0;
  const payments: SaleRequest["payments"] = [
    ...(debit > 0 ? [{ method: "debit" as const, amount: debit }] : []),
    { method: "cash", amount: total - debit, tendered: tendered(total - debit) },
  ];
  return { id: uuidv7(), lines: lines.map(({ productId, quantity }) => ({ productId, quantity })), payments };
}

/** Deterministic random numbers (mulberry32) so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
