import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { IdParams } from "@mostrador/contracts/http/fields";
import {
  AvailabilityQuery,
  AvailabilitySchema,
  BookingChargeSchema,
  BookingHistorySchema,
  BookingInput,
  BookingSchema,
  BookingsQuery,
  BookingsSchema,
  ConfirmHoldInput,
  CoverageInput,
  CoverageSchema,
  ExceptionInput,
  ExceptionSchema,
  MoveInput,
  ProfessionalInput,
  ProfessionalSchema,
  ResourceInput,
  ResourceSchema,
  SeriesAnswer,
  SeriesInput,
  ServiceInput,
  ServiceSchema,
  TurnosReportQuery,
  TurnosReportSchema,
  TurnosRulesSchema,
  TurnosSetupSchema,
  WalkInInput,
  AllotmentSchema,
  AllotmentsQuery,
  AllotmentsSchema,
  GrantInput,
} from "@mostrador/contracts/http/turnos";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { Type } from "@sinclair/typebox";
import { grantAllotment, listAllotments, reclaimAllotment } from "./allotments.js";
import { availability, checkDayRange } from "./availability.js";
import { bookingCharge } from "./charges.js";
import { turnosReport } from "./reports.js";
import {
  bookingHistory,
  changeState,
  createBooking,
  createSeries,
  getBooking,
  listBookings,
  moveBooking,
  walkIn,
} from "./bookings.js";
import {
  addException,
  coverageOf,
  createProfessional,
  createResource,
  createService,
  deleteException,
  getSetup,
  listExceptions,
  setCoverage,
  setRules,
  updateProfessional,
  updateService,
} from "./setup.js";

/** Setup is for managers (the catalog permission: services are what the shop sells); booking for every staff. */
const SETUP = "catalog.edit" as const;

/** Turnos (desktop/src/turnos/README.md): thin routes over the domain, schemas from contracts. */
export const turnosRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const staffOf = (request: Parameters<typeof principalOf>[0]) => principalOf(request).staffId;

  app.get("/turnos/setup", { schema: { response: { 200: TurnosSetupSchema } } }, async () => getSetup(ctx));
  app.put(
    "/turnos/rules",
    {
      preHandler: requirePermission(SETUP),
      schema: { body: TurnosRulesSchema, response: { 200: TurnosRulesSchema } },
    },
    async (request) => setRules(ctx, request.body),
  );
  app.post(
    "/turnos/services",
    {
      preHandler: requirePermission(SETUP),
      schema: { body: ServiceInput, response: { 200: ServiceSchema } },
    },
    async (request) => createService(ctx, request.body),
  );
  app.put(
    "/turnos/services/:id",
    {
      preHandler: requirePermission(SETUP),
      schema: { params: IdParams, body: ServiceInput, response: { 200: ServiceSchema } },
    },
    async (request) => updateService(ctx, request.params.id, request.body),
  );
  app.post(
    "/turnos/professionals",
    {
      preHandler: requirePermission(SETUP),
      schema: { body: ProfessionalInput, response: { 200: ProfessionalSchema } },
    },
    async (request) => createProfessional(ctx, request.body),
  );
  app.put(
    "/turnos/professionals/:id",
    {
      preHandler: requirePermission(SETUP),
      schema: { params: IdParams, body: ProfessionalInput, response: { 200: ProfessionalSchema } },
    },
    async (request) => updateProfessional(ctx, request.params.id, request.body),
  );
  app.post(
    "/turnos/resources",
    {
      preHandler: requirePermission(SETUP),
      schema: { body: ResourceInput, response: { 200: ResourceSchema } },
    },
    async (request) => createResource(ctx, request.body),
  );
  app.get(
    "/turnos/exceptions",
    {
      schema: {
        querystring: Type.Object({ from: BookingsQuery.properties.from, to: BookingsQuery.properties.to }),
        response: { 200: Type.Object({ exceptions: Type.Array(ExceptionSchema) }) },
      },
    },
    async (request) => {
      checkDayRange(request.query.from, request.query.to);
      return { exceptions: listExceptions(ctx.db, request.query.from, request.query.to) };
    },
  );
  app.post(
    "/turnos/exceptions",
    {
      preHandler: requirePermission(SETUP),
      schema: { body: ExceptionInput, response: { 200: ExceptionSchema } },
    },
    async (request) => addException(ctx, request.body),
  );
  app.delete(
    "/turnos/exceptions/:id",
    { preHandler: requirePermission(SETUP), schema: { params: IdParams } },
    async (request, reply) => {
      deleteException(ctx, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/turnos/availability",
    { schema: { querystring: AvailabilityQuery, response: { 200: AvailabilitySchema } } },
    async (request) => ({ slots: availability(ctx, request.query) }),
  );
  app.get(
    "/turnos/bookings",
    { schema: { querystring: BookingsQuery, response: { 200: BookingsSchema } } },
    async (request) => {
      checkDayRange(request.query.from, request.query.to);
      return {
        bookings: listBookings(ctx, request.query.from, request.query.to, request.query.professionalId),
      };
    },
  );
  app.post(
    "/turnos/bookings",
    { schema: { body: BookingInput, response: { 200: BookingSchema } } },
    async (request) => createBooking(ctx, staffOf(request), request.body),
  );
  app.post(
    "/turnos/walk-ins",
    { schema: { body: WalkInInput, response: { 200: BookingSchema } } },
    async (request) => walkIn(ctx, staffOf(request), request.body),
  );
  app.post(
    "/turnos/series",
    { schema: { body: SeriesInput, response: { 200: SeriesAnswer } } },
    async (request) => createSeries(ctx, staffOf(request), request.body),
  );
  app.get(
    "/turnos/bookings/:id",
    { schema: { params: IdParams, response: { 200: BookingSchema } } },
    async (request) => getBooking(ctx.db, request.params.id),
  );
  app.get(
    "/turnos/bookings/:id/history",
    { schema: { params: IdParams, response: { 200: BookingHistorySchema } } },
    async (request) => ({ entries: bookingHistory(ctx.db, request.params.id) }),
  );
  app.get(
    "/turnos/bookings/:id/charge",
    { schema: { params: IdParams, response: { 200: BookingChargeSchema } } },
    async (request) => bookingCharge(ctx.db, request.params.id),
  );
  app.post(
    "/turnos/bookings/:id/move",
    { schema: { params: IdParams, body: MoveInput, response: { 200: BookingSchema } } },
    async (request) => moveBooking(ctx, staffOf(request), request.params.id, request.body),
  );
  app.post(
    "/turnos/bookings/:id/book",
    { schema: { params: IdParams, body: ConfirmHoldInput, response: { 200: BookingSchema } } },
    async (request) => changeState(ctx, staffOf(request), request.params.id, "booked", request.body),
  );
  for (const to of ["confirmed", "arrived", "done", "no_show", "cancelled"] as const) {
    const path = {
      confirmed: "confirm",
      arrived: "arrive",
      done: "done",
      no_show: "no-show",
      cancelled: "cancel",
    }[to];
    app.post(
      `/turnos/bookings/:id/${path}`,
      { schema: { params: IdParams, response: { 200: BookingSchema } } },
      async (request) => changeState(ctx, staffOf(request), request.params.id, to),
    );
  }

  app.get(
    "/turnos/coverage/:id",
    {
      schema: {
        params: IdParams,
        response: { 200: Type.Object({ coverage: Type.Union([Type.Null(), CoverageSchema]) }) },
      },
    },
    async (request) => ({ coverage: coverageOf(ctx.db, request.params.id) }),
  );
  app.put(
    "/turnos/coverage/:id",
    {
      preHandler: requirePermission("customers.manage"),
      schema: { params: IdParams, body: CoverageInput, response: { 200: CoverageSchema } },
    },
    async (request) => setCoverage(ctx, request.params.id, request.body),
  );

  // Figures of money and of each professional's work: managers, as the Z report.
  app.get(
    "/turnos/reports",
    {
      preHandler: requirePermission("cash.close_z"),
      schema: { querystring: TurnosReportQuery, response: { 200: TurnosReportSchema } },
    },
    async (request) => turnosReport(ctx, request.query),
  );

  // "Turnos en línea" (docs/turnos.md): managers grant the cloud a professional's free units, and ask them back.
  app.get(
    "/turnos/allotments",
    { schema: { querystring: AllotmentsQuery, response: { 200: AllotmentsSchema } } },
    async (request) => ({ allotments: listAllotments(ctx, request.query.professionalId) }),
  );
  app.post(
    "/turnos/allotments",
    {
      preHandler: requirePermission(SETUP),
      schema: { body: GrantInput, response: { 200: AllotmentSchema } },
    },
    async (request) => grantAllotment(ctx, request.body),
  );
  app.post(
    "/turnos/allotments/:id/reclaim",
    {
      preHandler: requirePermission(SETUP),
      schema: { params: IdParams, response: { 200: AllotmentSchema } },
    },
    async (request) => reclaimAllotment(ctx, request.params.id),
  );
};
