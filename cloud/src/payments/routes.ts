import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  CloudMpAccountAnswer,
  CloudMpAccountBody,
  OwnerPaymentLinkBody,
  PaymentLinkItem,
  PaymentLinkList,
  PaymentLinkListQuery,
  RelayAnswer,
  RelayQuery,
} from "@mostrador/contracts/http/cloud-mercadopago";
import { describeTextProblem, findTextProblem } from "@mostrador/contracts/text";
import { Type } from "@sinclair/typebox";
import { CloudError } from "../core/errors.js";
import { applianceOf, ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { type PaymentsConfig, webhookUrlOf } from "./config.js";
import { ordersAfter, receiveNotification } from "./notifications.js";
import {
  cancelPaymentLink,
  createOwnerPaymentLink,
  listPaymentLinks,
  paymentLinkItem,
} from "./owner-links.js";
import { saveSeller } from "./seller.js";

const TenantParams = Type.Object(
  { tenantId: Type.String({ format: "uuid" }) },
  { additionalProperties: false },
);
const ReferenceParams = Type.Object(
  { reference: Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.:-]+$" }) },
  { additionalProperties: false },
);

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The public webhook MP calls (one URL per tenant). Its own plugin: the body is read as text so a
 * malformed one gets our envelope, and nothing in it is trusted (notifications.ts re-reads from MP).
 */
export const paymentsWebhookRoutes =
  (config: PaymentsConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // MP's notification: JSON body, data.id also in the query string; headers x-signature, x-request-id.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) =>
      done(null, body),
    );

    app.post(
      "/mercadopago/webhooks/:tenantId",
      { config: { auth: "public", textCheck: "query-and-params" }, schema: { params: TenantParams } },
      async (request, reply) => {
        const { tenantId } = request.params;
        let body: { type?: unknown; data?: { id?: unknown } } = {};
        if (typeof request.body === "string" && request.body !== "") {
          try {
            body = JSON.parse(request.body) as typeof body;
          } catch {
            throw new CloudError("invalid", "malformed_json", "El cuerpo del aviso no es JSON válido");
          }
          if (typeof body !== "object" || body === null)
            throw new CloudError("invalid", "invalid_notification", "El aviso no es un objeto JSON");
          // The text policy for the body this route reads itself (textCheck: "query-and-params").
          const problem = findTextProblem(body);
          if (problem)
            throw new CloudError("invalid", "invalid_text", describeTextProblem(problem, "El aviso"));
        }
        const query = request.query as Record<string, string | undefined>;
        const dataId = query["data.id"] ?? (typeof body.data?.id === "string" ? body.data.id : undefined);
        const type = query.type ?? (typeof body.type === "string" ? body.type : undefined);
        const outcome = await receiveNotification(sql, config, clock, {
          tenantId,
          type,
          dataId,
          signature: header(request.headers["x-signature"]),
          requestId: header(request.headers["x-request-id"]),
        });
        if (outcome.kind === "retry_later")
          return reply.code(503).send({
            error: {
              code: "mercadopago_unreachable",
              message: "No se pudo consultar a Mercado Pago; reintentá más tarde",
            },
          });
        return reply.code(200).send({ received: true });
      },
    );
  };

/**
 * The appliance's hand-over of the seller's credentials and its pull of the re-read orders, and the
 * owner's payment links.
 */
export const paymentsRoutes =
  (config: PaymentsConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.put(
      "/appliance/mercadopago/account",
      {
        config: { auth: "appliance" },
        schema: { body: CloudMpAccountBody, response: { 200: CloudMpAccountAnswer } },
      },
      async (request) => {
        const { tenantId } = applianceOf(request);
        const { accessToken, webhookSecret } = request.body;
        await sql.withTenant(tenantId, (q) =>
          saveSeller(q, config, tenantId, { accessToken, webhookSecret }, clock.now()),
        );
        return { webhookUrl: webhookUrlOf(config, tenantId) };
      },
    );

    app.get(
      "/appliance/mercadopago/orders",
      { config: { auth: "appliance" }, schema: { querystring: RelayQuery, response: { 200: RelayAnswer } } },
      async (request) => {
        const { after } = request.query;
        const orders = await ordersAfter(sql, applianceOf(request).tenantId, after);
        return { orders, cursor: orders.at(-1)?.seq ?? after };
      },
    );

    // The owner's "Cobros por link": create (never with another module's reference), list, read, cancel.
    app.post(
      "/mercadopago/payment-links",
      { schema: { body: OwnerPaymentLinkBody, response: { 200: PaymentLinkItem } } },
      async (request) =>
        createOwnerPaymentLink(sql, config, ownerOf(request).tenantId, request.body, clock.now()),
    );

    app.get(
      "/mercadopago/payment-links",
      { schema: { querystring: PaymentLinkListQuery, response: { 200: PaymentLinkList } } },
      async (request) => listPaymentLinks(sql, config, ownerOf(request).tenantId, request.query, clock.now()),
    );

    app.get(
      "/mercadopago/payment-links/:reference",
      { schema: { params: ReferenceParams, response: { 200: PaymentLinkItem } } },
      async (request) =>
        paymentLinkItem(sql, ownerOf(request).tenantId, request.params.reference, clock.now()),
    );

    app.post(
      "/mercadopago/payment-links/:reference/cancel",
      { schema: { params: ReferenceParams, response: { 200: PaymentLinkItem } } },
      async (request) =>
        cancelPaymentLink(sql, config, ownerOf(request).tenantId, request.params.reference, clock.now()),
    );
  };
