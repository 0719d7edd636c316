import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  AssignPointBody,
  Charge,
  ChargeList,
  ChargeParams,
  ConnectBody,
  MpAccountAnswer,
  NewChargeBody,
  PointDeviceList,
  SaleRefundBody,
  TillParams,
} from "@mostrador/contracts/http/mercadopago";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { accountStatus, assignPoint, connectAccount, disconnectAccount, pointDevices } from "./account.js";
import {
  abandonCharge,
  cancelCharge,
  refreshCharge,
  refundCharge,
  refundSale,
  startCharge,
  unattachedCharges,
} from "./charges.js";
import type { MpDeps } from "./deps.js";
import type { CloudRelay } from "./relay.js";

/**
 * Mercado Pago: setup (owner, Ajustes), charges from the payment dialog (any cashier at a till), and the
 * payments with no sale (refund: a manager). Thin: schema, permission, then the domain.
 */
export const mercadoPagoRoutes =
  (deps: MpDeps, relay: CloudRelay): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const account = { response: { 200: MpAccountAnswer } };
    const one = { params: ChargeParams, response: { 200: Charge } };

    app.get("/mercadopago/account", { schema: account }, async () => accountStatus(ctx));

    app.post(
      "/mercadopago/account",
      { preHandler: requirePermission("settings.edit"), schema: { body: ConnectBody, ...account } },
      async (request) => {
        const answer = await connectAccount(ctx, deps, principalOf(request), request.body);
        // Hands the credentials to the paired cloud so it can check and re-read the webhooks; offline, later.
        void relay.pushAccount().catch(() => undefined);
        return answer;
      },
    );

    app.delete(
      "/mercadopago/account",
      { preHandler: requirePermission("settings.edit"), schema: account },
      async (request) => disconnectAccount(ctx, principalOf(request)),
    );

    app.get(
      "/mercadopago/point-devices",
      { preHandler: requirePermission("settings.edit"), schema: { response: { 200: PointDeviceList } } },
      async () => pointDevices(ctx, deps),
    );

    app.put(
      "/mercadopago/tills/:id/point",
      {
        preHandler: requirePermission("settings.edit"),
        schema: { params: TillParams, body: AssignPointBody, ...account },
      },
      async (request) =>
        assignPoint(ctx, deps, principalOf(request), request.params.id, request.body.pointTerminalId),
    );

    app.post(
      "/mercadopago/charges",
      { schema: { body: NewChargeBody, response: { 200: Charge } } },
      async (request) => startCharge(ctx, deps, principalOf(request), request.body),
    );

    app.get("/mercadopago/charges/:id", { schema: one }, async (request) =>
      refreshCharge(ctx, deps, request.params.id),
    );

    app.post("/mercadopago/charges/:id/cancel", { schema: one }, async (request) =>
      cancelCharge(ctx, deps, request.params.id),
    );

    app.post("/mercadopago/charges/:id/abandon", { schema: one }, async (request) =>
      abandonCharge(ctx, deps, request.params.id),
    );

    app.post(
      "/mercadopago/charges/:id/refund",
      { preHandler: requirePermission("sale.return"), schema: one },
      async (request) => refundCharge(ctx, deps, principalOf(request), request.params.id),
    );

    app.post(
      "/mercadopago/sales/:id/refund",
      {
        preHandler: requirePermission("sale.return"),
        schema: { params: ChargeParams, body: SaleRefundBody, response: { 200: Charge } },
      },
      async (request) => refundSale(ctx, deps, principalOf(request), request.params.id, request.body.amount),
    );

    app.get("/mercadopago/unattached", { schema: { response: { 200: ChargeList } } }, async () =>
      unattachedCharges(ctx),
    );
  };
