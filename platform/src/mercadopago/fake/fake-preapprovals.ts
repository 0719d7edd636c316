import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Value } from "@sinclair/typebox/value";
import {
  type MpAuthorizedPayment,
  type MpPreapproval,
  MpPreapprovalRequest,
  MpPreapprovalUpdate,
} from "@mostrador/contracts/mercadopago/wire";

/**
 * The subscriptions half of the fake Mercado Pago (`/preapproval`, `/authorized_payments`), built to MP's
 * documented wire format: a preapproval is created pending with an `init_point`, the payer authorizes it on
 * the fake's checkout page, and the fake charges each cuota on ITS OWN clock (`advanceDays`: MP has no test
 * clock, so the fake keeps one), retrying a rejected payment 4 times within 10 days and cancelling the
 * subscription after 3 cuotas ended rejected, as MP's guide says. Every change is notified (topics
 * `subscription_preapproval` and `subscription_authorized_payment`) signed like MP's other webhooks; tests
 * hold, reorder, replay or mis-sign them.
 */
export interface FakeSubscriptions {
  /** The fake's "now" (starts at the given time, moves only with advanceDays). */
  now(): Date;
  /** Moves the fake's clock, charging every cuota due on the way, in time order. */
  advanceDays(days: number): Promise<void>;
  /** The payer authorizes on the checkout page (what the page's button does). */
  authorize(preapprovalId: string): Promise<void>;
  /** The payer's card is declined from now on (or accepted again). */
  setDeclines(preapprovalId: string, declines: boolean): void;
  preapproval(id: string): MpPreapproval | undefined;
  preapprovals(): MpPreapproval[];
  authorizedPayments(preapprovalId: string): MpAuthorizedPayment[];
  /** Notifications wait until released (then in order, or reversed, and each twice if asked). */
  holdWebhooks(): void;
  releaseWebhooks(options?: { reversed?: boolean; twice?: boolean }): Promise<void>;
  /** Sends every notification sent so far again, in order (MP retries). */
  redeliver(): Promise<void>;
  /** Sends one notification about a preapproval, optionally signed with a wrong secret. */
  notifyPreapproval(id: string, options?: { badSignature?: boolean }): Promise<Delivery | null>;
  /** Every notification sent: its topic and the id it names. */
  sent: { type: string; id: string }[];
}

interface Delivery {
  status: number;
  body: string;
}
type Deliver = (
  dataId: string,
  body: object,
  query: string,
  badSignature?: boolean,
) => Promise<Delivery | null>;

interface Notice {
  type: string;
  id: string;
  action: string;
  /** The notification's own id and date: the same on every retry of it. */
  eventId: number;
  date: string;
}

const DAY_MS = 86_400_000;
/** MP retries a rejected cuota 4 times inside a 10-day window. */
const RETRY_GAPS_DAYS = [2, 2, 3, 3];
/** MP cancels a subscription after this many cuotas ended rejected. */
const FAILED_CUOTAS_TO_CANCEL = 3;

export function createFakeSubscriptions(input: {
  userId: string;
  baseUrl: () => string;
  deliver: Deliver;
  start?: Date;
}): FakeSubscriptions & {
  /** The API routes; null when the path is not the subscriptions API's. */
  handleApi(method: string, url: URL, body: unknown): Promise<{ status: number; body: unknown } | null>;
  /** The payer's checkout page (no token: a browser opens it); false when the path is not the page's. */
  handlePage(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    form: () => Promise<string>,
  ): Promise<boolean>;
} {
  let clock = (input.start ?? new Date()).getTime();
  const subs = new Map<string, MpPreapproval>();
  const declines = new Set<string>();
  const failedCuotas = new Map<string, number>();
  const cuotas = new Map<string, MpAuthorizedPayment & { next_retry_date?: string }>();
  const sent: Notice[] = [];
  let held: Notice[] | null = null;
  let nextNumber = 1;

  const iso = (ms = clock) => new Date(ms).toISOString();
  const addMonths = (ms: number, months: number) => {
    const d = new Date(ms);
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.getTime();
  };
  const monthsOf = (p: MpPreapproval) =>
    p.auto_recurring.frequency_type === "months" ? p.auto_recurring.frequency : 0;
  const nextDate = (p: MpPreapproval, from: number) =>
    monthsOf(p) ? addMonths(from, monthsOf(p)) : from + p.auto_recurring.frequency * DAY_MS;

  function bodyOf(n: Notice) {
    return {
      action: n.action,
      application_id: 1_000_000_000_000 + Number(input.userId),
      data: { id: n.id },
      date: n.date,
      entity: n.type === "subscription_preapproval" ? "preapproval" : "authorized_payment",
      id: n.eventId,
      type: n.type,
      version: 0,
    };
  }
  const send = (n: Notice, badSignature = false) =>
    input.deliver(n.id, bodyOf(n), `data.id=${encodeURIComponent(n.id)}&type=${n.type}`, badSignature);

  async function notify(type: string, id: string, action: string) {
    const n = { type, id, action, eventId: 120_000_000_000 + nextNumber++, date: iso() };
    if (held) {
      held.push(n);
      return;
    }
    sent.push(n);
    await send(n);
  }

  function touch(p: MpPreapproval) {
    p.last_modified = iso();
  }

  /** One attempt to charge a cuota: approved → processed; rejected → recycling, or processed after the 4th retry. */
  async function charge(cuota: MpAuthorizedPayment & { next_retry_date?: string }, pre: MpPreapproval) {
    const approved = !declines.has(pre.id);
    cuota.payment = {
      id: 90_000_000_000 + nextNumber++,
      status: approved ? "approved" : "rejected",
      status_detail: approved ? "accredited" : "cc_rejected_insufficient_amount",
    };
    cuota.last_modified = iso();
    delete cuota.next_retry_date;
    if (approved) {
      cuota.status = "processed";
      pre.summarized = {
        ...pre.summarized,
        charged_quantity: (pre.summarized?.charged_quantity ?? 0) + 1,
        last_charged_date: iso(),
        semaphore: "green",
      };
    } else if ((cuota.retry_attempt ?? 0) < RETRY_GAPS_DAYS.length) {
      cuota.status = "recycling";
      cuota.next_retry_date = iso(clock + RETRY_GAPS_DAYS[cuota.retry_attempt ?? 0]! * DAY_MS);
      cuota.retry_attempt = (cuota.retry_attempt ?? 0) + 1;
      pre.summarized = { ...pre.summarized, semaphore: "yellow" };
    } else {
      cuota.status = "processed";
      pre.summarized = { ...pre.summarized, semaphore: "red" };
      const failed = (failedCuotas.get(pre.id) ?? 0) + 1;
      failedCuotas.set(pre.id, failed);
      if (failed >= FAILED_CUOTAS_TO_CANCEL) {
        pre.status = "cancelled";
        pre.next_payment_date = null;
      }
    }
    touch(pre);
    await notify("subscription_authorized_payment", String(cuota.id), "updated");
    await notify("subscription_preapproval", pre.id, "updated");
  }

  async function newCuota(pre: MpPreapproval) {
    const id = String(7_000_000_000 + nextNumber++);
    const cuota: MpAuthorizedPayment = {
      id,
      preapproval_id: pre.id,
      type: "scheduled",
      status: "scheduled",
      date_created: iso(),
      last_modified: iso(),
      debit_date: iso(),
      retry_attempt: 0,
      transaction_amount: pre.auto_recurring.transaction_amount,
      currency_id: pre.auto_recurring.currency_id,
      reason: pre.reason,
      external_reference: pre.external_reference ?? null,
      payment: null,
    };
    cuotas.set(id, cuota);
    pre.next_payment_date = iso(nextDate(pre, clock));
    await notify("subscription_authorized_payment", id, "created");
    await charge(cuota, pre);
  }

  async function authorize(id: string) {
    const pre = subs.get(id);
    if (!pre) throw new Error(`the fake has no preapproval ${id}`);
    if (pre.status !== "pending") throw new Error(`preapproval ${id} is ${pre.status}, not pending`);
    pre.status = "authorized";
    pre.payer_id = 200_000_000 + nextNumber++;
    pre.auto_recurring.start_date = iso();
    touch(pre);
    await notify("subscription_preapproval", id, "updated");
    // The first cuota is charged at once (MP: "credited within 1 hour").
    await newCuota(pre);
  }

  /** The earliest thing due by `until`: a cuota of an authorized subscription, or a retry. */
  function nextDue(until: number): { at: number; run: () => Promise<void> } | null {
    let best: { at: number; run: () => Promise<void> } | null = null;
    for (const pre of subs.values()) {
      if (pre.status !== "authorized" || !pre.next_payment_date) continue;
      const at = Date.parse(pre.next_payment_date);
      if (at <= until && (!best || at < best.at)) best = { at, run: () => newCuota(pre) };
    }
    for (const cuota of cuotas.values()) {
      if (cuota.status !== "recycling" || !cuota.next_retry_date) continue;
      const pre = subs.get(cuota.preapproval_id)!;
      const at = Date.parse(cuota.next_retry_date);
      if (pre.status === "cancelled") continue;
      if (at <= until && (!best || at < best.at)) best = { at, run: () => charge(cuota, pre) };
    }
    return best;
  }

  async function handleApi(method: string, url: URL, body: unknown) {
    const path = url.pathname;
    const err = (status: number, error: string, message: string) => ({
      status,
      body: { message, error, status, cause: [] },
    });
    let m: RegExpExecArray | null;
    if (method === "POST" && /^\/preapproval\/?$/.test(path)) {
      if (!Value.Check(MpPreapprovalRequest, body))
        return err(
          400,
          "bad_request",
          [...Value.Errors(MpPreapprovalRequest, body)].map((e) => `${e.path} ${e.message}`).join("; "),
        );
      if (body.status === "authorized" && !body.card_token_id)
        return err(400, "bad_request", "card_token_id is required");
      const id = randomBytes(16).toString("hex");
      const pre: MpPreapproval = {
        id,
        status: "pending",
        reason: body.reason,
        external_reference: body.external_reference ?? null,
        payer_email: body.payer_email,
        payer_id: null,
        collector_id: Number(input.userId),
        back_url: body.back_url,
        init_point: `${input.baseUrl()}/subscriptions/checkout?preapproval_id=${id}`,
        date_created: iso(),
        last_modified: iso(),
        next_payment_date: null,
        auto_recurring: { ...body.auto_recurring },
        summarized: { charged_quantity: null, last_charged_date: null, semaphore: null },
      };
      subs.set(id, pre);
      await notify("subscription_preapproval", id, "created").catch(() => undefined);
      return { status: 201, body: pre };
    }
    if ((m = /^\/preapproval\/([^/]+)$/.exec(path)) && m[1] !== "search") {
      const pre = subs.get(decodeURIComponent(m[1]!));
      if (!pre) return err(404, "not_found", `The preapproval with id ${m[1]} does not exist`);
      if (method === "GET") return { status: 200, body: pre };
      if (method === "PUT") {
        if (!Value.Check(MpPreapprovalUpdate, body))
          return err(
            400,
            "bad_request",
            [...Value.Errors(MpPreapprovalUpdate, body)].map((e) => `${e.path} ${e.message}`).join("; "),
          );
        if (pre.status === "cancelled")
          return err(400, "bad_request", "You can not modify a cancelled preapproval");
        if (body.status === "authorized" && pre.status === "pending")
          return err(400, "bad_request", "The payer must authorize the preapproval");
        if (body.auto_recurring) {
          if (body.auto_recurring.currency_id !== pre.auto_recurring.currency_id)
            return err(400, "bad_request", "currency_id can not be modified");
          pre.auto_recurring.transaction_amount = body.auto_recurring.transaction_amount;
        }
        if (body.reason) pre.reason = body.reason;
        if (body.external_reference !== undefined) pre.external_reference = body.external_reference;
        if (body.back_url) pre.back_url = body.back_url;
        if (body.status) {
          pre.status = body.status;
          if (body.status === "cancelled") pre.next_payment_date = null;
        }
        touch(pre);
        await notify("subscription_preapproval", pre.id, "updated").catch(() => undefined);
        return { status: 200, body: pre };
      }
    }
    if (method === "GET" && path === "/authorized_payments/search") {
      const of = url.searchParams.get("preapproval_id");
      const results = [...cuotas.values()]
        .filter((c) => !of || c.preapproval_id === of)
        .map(({ next_retry_date: _retry, ...c }) => c);
      return { status: 200, body: { paging: { total: results.length, offset: 0, limit: 50 }, results } };
    }
    if (method === "GET" && (m = /^\/authorized_payments\/([^/]+)$/.exec(path))) {
      const cuota = cuotas.get(decodeURIComponent(m[1]!));
      if (!cuota) return err(404, "not_found", "authorized payment not found");
      const { next_retry_date: _retry, ...shown } = cuota;
      return { status: 200, body: shown };
    }
    return null;
  }

  async function handlePage(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    form: () => Promise<string>,
  ) {
    if (url.pathname === "/subscriptions/checkout" && req.method === "GET") {
      const pre = subs.get(url.searchParams.get("preapproval_id") ?? "");
      res.writeHead(pre ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
      res.end(
        pre
          ? `<!doctype html><html lang="es"><title>Mercado Pago (prueba)</title><h1>${escape(pre.reason)}</h1>
<p data-testid="fake-mp-amount">$ ${pre.auto_recurring.transaction_amount} ${pre.auto_recurring.currency_id} cada ${pre.auto_recurring.frequency} ${pre.auto_recurring.frequency_type}</p>
<form method="post" action="/subscriptions/checkout/authorize"><input type="hidden" name="preapproval_id" value="${pre.id}">
<button data-testid="fake-mp-authorize">Suscribirme</button></form></html>`
          : "<!doctype html><p>No existe esa suscripción</p>",
      );
      return true;
    }
    if (url.pathname === "/subscriptions/checkout/authorize" && req.method === "POST") {
      const id = new URLSearchParams(await form()).get("preapproval_id") ?? "";
      const pre = subs.get(id);
      if (!pre || pre.status !== "pending") {
        res.writeHead(409, { "content-type": "text/html; charset=utf-8" });
        res.end("<!doctype html><p>Esta suscripción ya no se puede autorizar</p>");
        return true;
      }
      await authorize(id);
      res.writeHead(303, { location: pre.back_url ?? "/" });
      res.end();
      return true;
    }
    return false;
  }

  return {
    handleApi,
    handlePage,
    now: () => new Date(clock),
    async advanceDays(days) {
      const until = clock + days * DAY_MS;
      for (let due = nextDue(until); due; due = nextDue(until)) {
        clock = Math.max(clock, due.at);
        await due.run();
      }
      clock = until;
    },
    authorize,
    setDeclines(id, on) {
      if (on) declines.add(id);
      else declines.delete(id);
    },
    preapproval: (id) => subs.get(id),
    preapprovals: () => [...subs.values()],
    authorizedPayments: (id) => [...cuotas.values()].filter((c) => c.preapproval_id === id),
    holdWebhooks() {
      held ??= [];
    },
    async releaseWebhooks({ reversed = false, twice = false } = {}) {
      const list = held ?? [];
      held = null;
      const order = reversed ? [...list].reverse() : list;
      for (const n of order) {
        sent.push(n);
        await send(n);
        if (twice) await send(n);
      }
    },
    async redeliver() {
      for (const n of [...sent]) await send(n);
    },
    notifyPreapproval(id, { badSignature = false } = {}) {
      const n = { type: "subscription_preapproval", id, action: "updated" };
      return send({ ...n, eventId: 120_000_000_000 + nextNumber++, date: iso() }, badSignature);
    },
    sent,
  };
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
