import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { IdParams } from "@mostrador/contracts/http/fields";
import {
  WaitlistBookedSchema,
  WaitlistBookInput,
  WaitlistEntryInput,
  WaitlistEntrySchema,
  WaitlistOfferInput,
  WaitlistOfferSchema,
  WaitlistQuery,
  WaitlistSchema,
  WaitlistSlotQuery,
} from "@mostrador/contracts/http/turnos-waitlist";
import { principalOf } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { Type } from "@sinclair/typebox";
import {
  addEntry,
  bookByPhone,
  listEntries,
  listOpenOffers,
  matchesFor,
  offerSlot,
  removeEntry,
} from "./waitlist.js";

/**
 * `/api/turnos/waitlist*` (waitlist.ts): any staff member at the desk, like booking. Schemas from
 * contracts/src/http/turnos-waitlist.ts.
 */
export const waitlistRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const actorOf = (request: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    return { staffId: p.staffId, terminalId: p.terminalId ?? null };
  };

  app.get(
    "/turnos/waitlist",
    { schema: { querystring: WaitlistQuery, response: { 200: WaitlistSchema } } },
    async (request) => ({ entries: listEntries(ctx, request.query.state) }),
  );
  app.post(
    "/turnos/waitlist",
    { schema: { body: WaitlistEntryInput, response: { 200: WaitlistEntrySchema } } },
    async (request) => addEntry(ctx, actorOf(request), request.body),
  );
  app.post(
    "/turnos/waitlist/:id/remove",
    { schema: { params: IdParams, response: { 200: WaitlistEntrySchema } } },
    async (request) => removeEntry(ctx, actorOf(request), request.params.id),
  );
  app.post(
    "/turnos/waitlist/:id/book",
    { schema: { params: IdParams, body: WaitlistBookInput, response: { 200: WaitlistBookedSchema } } },
    async (request) => bookByPhone(ctx, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/turnos/waitlist/matches",
    { schema: { querystring: WaitlistSlotQuery, response: { 200: WaitlistSchema } } },
    async (request) => ({ entries: matchesFor(ctx, request.query) }),
  );
  app.get(
    "/turnos/waitlist/offers",
    { schema: { response: { 200: Type.Object({ offers: Type.Array(WaitlistOfferSchema) }) } } },
    async () => ({ offers: listOpenOffers(ctx.db) }),
  );
  app.post(
    "/turnos/waitlist/offers",
    { schema: { body: WaitlistOfferInput, response: { 200: WaitlistOfferSchema } } },
    async (request) => offerSlot(ctx, actorOf(request), request.body),
  );
};
