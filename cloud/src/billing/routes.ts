import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  BillingAnswer,
  BillingRedirect,
  BillingWebhookAnswer,
  ChangePlanBody,
  CheckoutBody,
} from "@mostrador/contracts/http/cloud-billing";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ErrorBody } from "@mostrador/contracts/http-errors";
import { CloudError } from "../core/errors.js";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { openPortal, readRow, startCheckout } from "./checkout.js";
import { type BillingConfig, providersOf, providerNamed } from "./config.js";
import { cancelAtPeriodEnd, changePlan } from "./manage.js";
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

    const receive =
      (name: "stripe" | "mercadopago", label: string, signatureHeader: string) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        const provider = providerNamed(config, name);
        if (!provider)
          throw new CloudError(
            "not_found",
            "billing_unavailable",
            `La facturación con ${label} no está configurada`,
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
            header(request.headers[signatureHeader]),
            (message) => request.log.warn(message),
            {
              query: Object.fromEntries(
                Object.entries(request.query as Record<string, unknown>).map(([k, v]) => [
                  k,
                  typeof v === "string" ? v : undefined,
                ]),
              ),
              requestId: header(request.headers["x-request-id"]),
            },
          );
        } catch (err) {
          if (err instanceof BadWebhookSignature)
            throw new CloudError("invalid", "bad_signature", `La firma del aviso de ${label} no es válida`);
          throw err;
        }
        if (outcome.applied === "retry_later")
          return reply.code(503).send({
            error: {
              code: name === "stripe" ? "stripe_unreachable" : "mercadopago_unreachable",
              message: `No se pudo consultar a ${label}; reintentá más tarde`,
            },
          });
        if (outcome.applied === "unknown")
          throw new CloudError(
            "not_found",
            "unknown_subscription",
            `${label} no conoce esa suscripción: el aviso no es de esta cuenta`,
          );
        return { received: true };
      };

    app.post(
      "/billing/webhooks/stripe",
      {
        config: { auth: "public", textCheck: "query-and-params" },
        schema: { response: { 200: BillingWebhookAnswer, 503: ErrorBody } },
      },
      receive("stripe", "Stripe", "stripe-signature"),
    );

    // Mercado Pago's subscriptions (topics subscription_preapproval and subscription_authorized_payment):
    // data.id and type come in the query, x-signature signs data.id and x-request-id.
    app.post(
      "/billing/webhooks/mercadopago",
      {
        config: { auth: "public", textCheck: "query-and-params" },
        schema: { response: { 200: BillingWebhookAnswer, 503: ErrorBody } },
      },
      receive("mercadopago", "Mercado Pago", "x-signature"),
    );
  };

/** The owner's plan: what it is (owners, managers, accountants read it), subscribing and managing (owners). */
export const billingRoutes =
  (config: BillingConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    const answer = async (tenantId: string): Promise<BillingAnswer> => {
      const row = await readRow(sql, tenantId);
      const provider = providerNamed(config, row?.provider as "stripe" | "mercadopago" | null);
      return {
        ...standingOf(row, clock.now()),
        canSubscribe: providersOf(config).length > 0,
        canManage: provider !== null && Boolean(row?.customer_id),
        providers: providersOf(config).map((p) => p.name),
        provider: (row?.provider as "stripe" | "mercadopago" | null) ?? null,
      };
    };

    app.get("/billing", { schema: { response: { 200: BillingAnswer } } }, async (request) =>
      answer(ownerOf(request).tenantId),
    );

    app.post(
      "/billing/checkout",
      {
        preHandler: requireRole("owner"),
        schema: { body: CheckoutBody, response: { 200: BillingRedirect } },
      },
      async (request) => {
        const owner = ownerOf(request);
        const { plan, interval, provider } = request.body;
        return startCheckout(sql, config, owner, plan, interval, clock.now(), provider);
      },
    );

    app.post(
      "/billing/portal",
      { preHandler: requireRole("owner"), schema: { response: { 200: BillingRedirect } } },
      async (request) => openPortal(sql, config, ownerOf(request).tenantId),
    );

    // Mercado Pago's subscriptions have no portal: the dashboard changes the plan and cancels them.
    app.post(
      "/billing/plan",
      {
        preHandler: requireRole("owner"),
        schema: { body: ChangePlanBody, response: { 200: BillingAnswer } },
      },
      async (request) => {
        const { tenantId } = ownerOf(request);
        await changePlan(sql, config, clock, tenantId, request.body.plan);
        return answer(tenantId);
      },
    );

    app.post(
      "/billing/cancel",
      { preHandler: requireRole("owner"), schema: { response: { 200: BillingAnswer } } },
      async (request) => {
        const { tenantId } = ownerOf(request);
        await cancelAtPeriodEnd(sql, config, clock, tenantId);
        return answer(tenantId);
      },
    );
  };
