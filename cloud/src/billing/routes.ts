import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  BillingAnswer,
  BillingRedirect,
  BillingWebhookAnswer,
  CheckoutBody,
} from "@mostrador/contracts/http/cloud-billing";
import { ErrorBody } from "@mostrador/contracts/http-errors";
import { CloudError } from "../core/errors.js";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { openPortal, readRow, startCheckout } from "./checkout.js";
import type { BillingConfig } from "./config.js";
import { BadWebhookSignature } from "./provider.js";
import { standingOf } from "./standing.js";
import { receiveWebhook } from "./webhooks.js";

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The provider's webhook (public, one URL). Its own plugin: the body is kept as the exact text that
 * was signed, since the signature is over the raw bytes and a re-serialized JSON would not match.
 */
export const billingWebhookRoutes =
  (config: BillingConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) =>
      done(null, body),
    );

    app.post(
      "/billing/webhooks/stripe",
      {
        config: { auth: "public", textCheck: "query-and-params" },
        schema: { response: { 200: BillingWebhookAnswer, 503: ErrorBody } },
      },
      async (request, reply) => {
        const provider = config.provider;
        if (provider?.name !== "stripe")
          throw new CloudError(
            "not_found",
            "billing_unavailable",
            "La facturación con Stripe no está configurada",
          );
        const body = typeof request.body === "string" ? request.body : "";
        let outcome;
        try {
          outcome = await receiveWebhook(
            sql,
            provider,
            clock,
            config.publicUrl,
            body,
            header(request.headers["stripe-signature"]),
            (message) => request.log.warn(message),
          );
        } catch (err) {
          if (err instanceof BadWebhookSignature)
            throw new CloudError("invalid", "bad_signature", "La firma del aviso de Stripe no es válida");
          throw err;
        }
        if (outcome.applied === "retry_later")
          return reply.code(503).send({
            error: {
              code: "stripe_unreachable",
              message: "No se pudo consultar a Stripe; reintentá más tarde",
            },
          });
        return { received: true };
      },
    );
  };

/** The owner's plan: what it is (owners, managers, accountants read it), subscribing and managing (owners). */
export const billingRoutes =
  (config: BillingConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get("/billing", { schema: { response: { 200: BillingAnswer } } }, async (request) => {
      const row = await readRow(sql, ownerOf(request).tenantId);
      return {
        ...standingOf(row, clock.now()),
        canSubscribe: config.provider !== null,
        canManage: config.provider !== null && Boolean(row?.customer_id),
      };
    });

    app.post(
      "/billing/checkout",
      {
        preHandler: requireRole("owner"),
        schema: { body: CheckoutBody, response: { 200: BillingRedirect } },
      },
      async (request) => {
        const owner = ownerOf(request);
        return startCheckout(sql, config, owner, request.body.plan, request.body.interval, clock.now());
      },
    );

    app.post(
      "/billing/portal",
      { preHandler: requireRole("owner"), schema: { response: { 200: BillingRedirect } } },
      async (request) => openPortal(sql, config, ownerOf(request).tenantId),
    );
  };
