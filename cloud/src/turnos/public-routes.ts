import {
  ManageCancelInput,
  ManageMoveInput,
  ManageQuery,
  OnlineBookedSchema,
  type OnlineBookingInput,
  OnlineBookingInput as OnlineBookingBody,
  OnlineBookingSchema,
  OnlineSetupSchema,
  OnlineSlotsQuery,
  OnlineSlotsSchema,
  StoreBookingParams,
  StoreParams,
} from "@mostrador/contracts/http/cloud-turnos";
import { CloudError } from "../core/errors.js";
import type { Queryable, Sql } from "../db/sql.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import type { MessagingConfig } from "../messaging/config.js";
import type { PaymentsModule } from "../payments/module.js";
import { openDepositLink } from "./deposits.js";
import { bookOnline, cancelByLink, moveByLink, onlineSetup, onlineSlots, viewByLink } from "./online.js";
import { syncBookingReminders } from "./reminders/schedule.js";

/** The tenant of a store the public names (the one lookup before RLS applies), or 404. */
async function tenantOfStore(sql: Sql, storeId: string): Promise<string> {
  const [row] = await sql.query<{ tenant: string | null }>("SELECT turnos_store_tenant($1) AS tenant", [
    storeId,
  ]);
  if (!row?.tenant) throw new CloudError("not_found", "store_not_found", "El local no existe");
  return row.tenant;
}

async function underStore<T>(sql: Sql, storeId: string, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return sql.withTenant(await tenantOfStore(sql, storeId), fn);
}

/**
 * The public booking API per store (`/v1/turnos/public/:storeId/...`, no login; contracts in
 * contracts/src/http/cloud-turnos.ts): the booking page's setup, free slots, booking, and the patient's
 * link to see, cancel or move. Everything runs under the store's tenant (RLS) and names the store.
 */
export const turnosPublicRoutes =
  (config: MessagingConfig, payments?: PaymentsModule): CloudRoutesFactory =>
  (deps) =>
  async (app) => {
    const { sql, clock } = deps;
    const base = "/turnos/public/:storeId";

    app.get(
      `${base}/setup`,
      { config: { auth: "public" }, schema: { params: StoreParams, response: { 200: OnlineSetupSchema } } },
      async (request) => {
        const { storeId } = request.params as { storeId: string };
        return underStore(sql, storeId, (q) => onlineSetup(q, storeId, Boolean(payments)));
      },
    );

    app.get(
      `${base}/slots`,
      {
        config: { auth: "public" },
        schema: { params: StoreParams, querystring: OnlineSlotsQuery, response: { 200: OnlineSlotsSchema } },
      },
      async (request) => {
        const { storeId } = request.params as { storeId: string };
        const query = request.query as OnlineSlotsQuery;
        return { slots: await underStore(sql, storeId, (q) => onlineSlots(q, storeId, query, clock.now())) };
      },
    );

    app.post(
      `${base}/bookings`,
      {
        config: { auth: "public" },
        schema: { params: StoreParams, body: OnlineBookingBody, response: { 201: OnlineBookedSchema } },
      },
      async (request, reply) => {
        const { storeId } = request.params as { storeId: string };
        const body = request.body as OnlineBookingInput;
        // The booking and its reminders, one transaction.
        const tenantId = await tenantOfStore(sql, storeId);
        const booked = await sql.withTenant(tenantId, async (q) => {
          const b = await bookOnline(q, storeId, body, clock.now(), null, Boolean(payments));
          await syncBookingReminders(q, config, b.booking.id, clock.now());
          return b;
        });
        // Held for its seña: the payment link, made after the hold committed (MP is not called inside a
        // transaction); if it cannot be made the hold is let go and the patient told.
        if (booked.booking.state === "held" && payments) {
          const url = await openDepositLink(
            sql,
            payments,
            tenantId,
            {
              id: booked.booking.id,
              serviceName: booked.booking.serviceName,
              storeId,
              token: booked.manageToken,
              amount: booked.booking.deposit.amount,
            },
            clock.now(),
          );
          booked.booking.deposit.paymentUrl = url;
        }
        return reply.code(201).send(booked);
      },
    );

    app.get(
      `${base}/bookings/:bookingId`,
      {
        config: { auth: "public" },
        schema: {
          params: StoreBookingParams,
          querystring: ManageQuery,
          response: { 200: OnlineBookingSchema },
        },
      },
      async (request) => {
        const { storeId, bookingId } = request.params as { storeId: string; bookingId: string };
        const { token } = request.query as { token: string };
        return underStore(sql, storeId, (q) => viewByLink(q, storeId, bookingId, token, clock.now()));
      },
    );

    app.post(
      `${base}/bookings/:bookingId/cancel`,
      {
        config: { auth: "public" },
        schema: {
          params: StoreBookingParams,
          body: ManageCancelInput,
          response: { 200: OnlineBookingSchema },
        },
      },
      async (request) => {
        const { storeId, bookingId } = request.params as { storeId: string; bookingId: string };
        const { token } = request.body as { token: string };
        return underStore(sql, storeId, async (q) => {
          const b = await cancelByLink(q, storeId, bookingId, token, clock.now());
          await syncBookingReminders(q, config, bookingId, clock.now());
          return b;
        });
      },
    );

    app.post(
      `${base}/bookings/:bookingId/move`,
      {
        config: { auth: "public" },
        schema: { params: StoreBookingParams, body: ManageMoveInput, response: { 200: OnlineBookingSchema } },
      },
      async (request) => {
        const { storeId, bookingId } = request.params as { storeId: string; bookingId: string };
        const { token, start } = request.body as { token: string; start: string };
        return underStore(sql, storeId, async (q) => {
          const b = await moveByLink(q, storeId, bookingId, token, start, clock.now());
          await syncBookingReminders(q, config, bookingId, clock.now());
          return b;
        });
      },
    );
  };
