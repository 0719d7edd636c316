import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  AutomationBody,
  AutomationKindParams,
  AutomationList,
  AutomationView,
  CampaignBody,
  CampaignIdParams,
  CampaignList,
  CampaignPreview,
  CampaignPreviewBody,
  CampaignSendBody,
  CampaignTestBody,
  CampaignView,
  MarketingSettings,
  SegmentBody,
  SegmentCount,
  SegmentCountBody,
  SegmentList,
  SegmentView,
} from "@mostrador/contracts/http/cloud-campaigns";
import { TemplateApprovalSchema } from "@mostrador/contracts/http/messaging";
import { Type } from "@sinclair/typebox";
import { CloudError } from "../core/errors.js";
import { loadChannels } from "../messaging/channel-config.js";
import { whatsappTemplateApproval } from "../messaging/whatsapp-templates.js";
import { ownerOf, requireRole } from "../http/auth.js";
import { listAutomations, saveAutomation } from "./automations.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import type { MessagingConfig } from "../messaging/config.js";
import {
  cancelCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
  previewCampaign,
  scheduleCampaign,
  testSendCampaign,
  updateCampaign,
} from "./campaigns.js";
import {
  checkedRule,
  countRule,
  createSegment,
  deleteSegment,
  listSegments,
  updateSegment,
} from "./segments.js";
import { loadMarketingSettings, saveMarketingSettings, tenantTimeZone } from "./settings.js";
import { readTrackingToken, recordTracking } from "./tracking.js";

/** A 1×1 transparent GIF: the open pixel's answer. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const TokenQuery = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);

/**
 * Segmentos, Campañas and the marketing settings: every account of the tenant reads; owners write and
 * send. The tracking links (open pixel, click redirect) are public and carry a signed token.
 */
export const campaignsRoutes =
  (config: MessagingConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const owner = { preHandler: requireRole("owner") };
    const tenant = (request: Parameters<typeof ownerOf>[0]) => ownerOf(request).tenantId;

    app.post(
      "/segments/count",
      { schema: { body: SegmentCountBody, response: { 200: SegmentCount } } },
      async (request) => {
        const rule = checkedRule(request.body.rule);
        return sql.withTenant(tenant(request), (q) => countRule(q, rule, clock.now()));
      },
    );
    app.get("/segments", { schema: { response: { 200: SegmentList } } }, async (request) => ({
      segments: await sql.withTenant(tenant(request), (q) => listSegments(q, clock.now())),
    }));
    app.post(
      "/segments",
      { ...owner, schema: { body: SegmentBody, response: { 201: SegmentView } } },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await sql.withTenant(tenant(request), (q) =>
              createSegment(q, tenant(request), request.body, clock.now()),
            ),
          ),
    );
    app.put(
      "/segments/:id",
      { ...owner, schema: { params: CampaignIdParams, body: SegmentBody, response: { 200: SegmentView } } },
      async (request) =>
        sql.withTenant(tenant(request), (q) =>
          updateSegment(q, request.params.id, request.body, clock.now()),
        ),
    );
    app.delete(
      "/segments/:id",
      { ...owner, schema: { params: CampaignIdParams } },
      async (request, reply) => {
        await sql.withTenant(tenant(request), (q) => deleteSegment(q, request.params.id));
        return reply.code(204).send();
      },
    );

    app.get("/campaigns", { schema: { response: { 200: CampaignList } } }, async (request) =>
      sql.withTenant(tenant(request), async (q) => ({
        campaigns: await listCampaigns(q),
        timeZone: await tenantTimeZone(q),
      })),
    );
    app.get(
      "/campaigns/:id",
      { schema: { params: CampaignIdParams, response: { 200: CampaignView } } },
      async (request) => sql.withTenant(tenant(request), (q) => getCampaign(q, request.params.id)),
    );
    app.post(
      "/campaigns",
      { ...owner, schema: { body: CampaignBody, response: { 201: CampaignView } } },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await sql.withTenant(tenant(request), (q) =>
              createCampaign(q, tenant(request), request.body, clock.now()),
            ),
          ),
    );
    app.put(
      "/campaigns/:id",
      { ...owner, schema: { params: CampaignIdParams, body: CampaignBody, response: { 200: CampaignView } } },
      async (request) =>
        sql.withTenant(tenant(request), (q) =>
          updateCampaign(q, request.params.id, request.body, clock.now()),
        ),
    );
    app.post(
      "/campaigns/preview",
      { schema: { body: CampaignPreviewBody, response: { 200: CampaignPreview } } },
      async (request) =>
        sql.withTenant(tenant(request), (q) => previewCampaign(q, request.body, clock.now())),
    );
    app.post(
      "/campaigns/:id/test",
      { ...owner, schema: { params: CampaignIdParams, body: CampaignTestBody } },
      async (request, reply) => {
        const email = request.body.email ?? ownerOf(request).email;
        const sent = await sql.withTenant(tenant(request), (q) =>
          testSendCampaign(q, tenant(request), request.params.id, email, clock.now()),
        );
        return reply.code(202).send({ ...sent, email });
      },
    );
    app.post(
      "/campaigns/:id/send",
      {
        ...owner,
        schema: { params: CampaignIdParams, body: CampaignSendBody, response: { 200: CampaignView } },
      },
      async (request) =>
        sql.withTenant(tenant(request), (q) =>
          scheduleCampaign(
            q,
            request.params.id,
            request.body.scheduledAt ? new Date(request.body.scheduledAt) : null,
            clock.now(),
          ),
        ),
    );
    // Meta's approval of a WhatsApp campaign's marketing template, asked live (outside any transaction).
    // On the plain plugin: the type provider reads the contract's list-built union of states as never.
    plugin.get(
      "/campaigns/:id/whatsapp-approval",
      { schema: { params: CampaignIdParams, response: { 200: TemplateApprovalSchema } } },
      async (request) => {
        const { id } = request.params as { id: string };
        const { campaign, channel } = await sql.withTenant(tenant(request), async (q) => ({
          campaign: await getCampaign(q, id),
          channel: (await loadChannels(q, config.secrets)).get("whatsapp"),
        }));
        if (campaign.channel !== "whatsapp" || !campaign.whatsappTemplate)
          throw new CloudError("invalid", "not_whatsapp", "La campaña no es por WhatsApp");
        return whatsappTemplateApproval(config.whatsapp, channel, campaign.whatsappTemplate);
      },
    );
    app.post(
      "/campaigns/:id/cancel",
      { ...owner, schema: { params: CampaignIdParams, response: { 200: CampaignView } } },
      async (request) =>
        sql.withTenant(tenant(request), (q) => cancelCampaign(q, request.params.id, clock.now())),
    );

    app.get("/automations", { schema: { response: { 200: AutomationList } } }, async (request) => ({
      automations: await sql.withTenant(tenant(request), listAutomations),
    }));
    app.put(
      "/automations/:kind",
      {
        ...owner,
        schema: { params: AutomationKindParams, body: AutomationBody, response: { 200: AutomationView } },
      },
      async (request) =>
        sql.withTenant(tenant(request), (q) =>
          saveAutomation(q, tenant(request), request.params.kind, request.body, clock.now()),
        ),
    );

    app.get("/marketing/settings", { schema: { response: { 200: MarketingSettings } } }, async (request) =>
      sql.withTenant(tenant(request), loadMarketingSettings),
    );
    app.put(
      "/marketing/settings",
      { ...owner, schema: { body: MarketingSettings, response: { 200: MarketingSettings } } },
      async (request) =>
        sql.withTenant(tenant(request), (q) =>
          saveMarketingSettings(q, tenant(request), request.body, clock.now()),
        ),
    );

    // --- Tracking (public: the recipient's mail client) ----------------------------------------------

    app.get(
      "/campaigns/track/open",
      { config: { auth: "public" }, schema: { querystring: TokenQuery } },
      async (request, reply) => {
        const claim = readTrackingToken(config, request.query.token);
        // A bad token still gets the pixel: a mail client shows no error, and nothing is recorded.
        if (claim) await sql.withTenant(claim.t, (q) => recordTracking(q, claim, "open", clock.now()));
        return reply.header("cache-control", "no-store").type("image/gif").send(PIXEL);
      },
    );
    app.get(
      "/campaigns/track/click",
      { config: { auth: "public" }, schema: { querystring: TokenQuery } },
      async (request, reply) => {
        const claim = readTrackingToken(config, request.query.token);
        if (!claim?.u || !/^https?:\/\//.test(claim.u))
          return reply.code(400).type("text/plain; charset=utf-8").send("El enlace no es válido");
        await sql.withTenant(claim.t, (q) => recordTracking(q, claim, "click", clock.now()));
        return reply.redirect(claim.u, 302);
      },
    );
  };
