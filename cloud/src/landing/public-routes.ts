import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { isLandingRubro, LANDING_RUBROS, LandingFormBody } from "@mostrador/contracts/http/cloud-landing";
import { Refusal } from "@mostrador/contracts/refusal";
import { AttemptLimiter } from "../auth/rate-limit.js";
import type { Sql } from "../db/sql.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import type { MessagingConfig } from "../messaging/config.js";
import type { OperatorDb } from "../operator/operator-db.js";
import { DEFAULT_DEMO_POLICY, startDemo, type DemoPolicy } from "./demo.js";
import { checkLeadForm, utmOf } from "./lead-form.js";
import { readLeadMailToken } from "./lead-mail-tracking.js";
import {
  captureOperatorLead,
  recordDemoRequest,
  recordLeadMailTracking,
  recordRubroVisit,
} from "./operator-leads.js";
import {
  demoHandoffPage,
  layout,
  messagePage,
  pathWithLang,
  rubroPage,
  storePage,
  esc,
} from "./pages/html.js";
import { langOf, RUBRO_TEXTS, WORDS, type Lang } from "./pages/texts.js";
import { captureStoreLead, publicStorePage, recordStoreVisit } from "./store-pages.js";

export interface LandingLimits {
  /** Forms per address per hour (every page's, counted together; a refused or spam one counts too). */
  formsPerHour: number;
  /** Demos per address per hour. */
  demosPerHour: number;
}

export const DEFAULT_LANDING_LIMITS: LandingLimits = { formsPerHour: 10, demosPerHour: 3 };

const HOUR = 60 * 60 * 1000;
/** The open pixel: a 1×1 transparent GIF. */
const TRANSPARENT_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const VISITOR_COOKIE = "mostrador_visitor";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function visitorOf(request: FastifyRequest): string | null {
  const cookie = request.headers.cookie ?? "";
  const match = new RegExp(`(?:^|;\\s*)${VISITOR_COOKIE}=([^;]+)`).exec(cookie);
  return match && UUID.test(match[1]!) ? match[1]!.toLowerCase() : null;
}

function html(reply: FastifyReply, status: number, body: string, cache = "no-store"): FastifyReply {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", cache)
    .send(body);
}

/**
 * The public pages, server-rendered HTML at the root (not under /v1: they are pages, not the API):
 * `/landing` and `/landing/<rubro>` (the operator's, feeding the CRM), `/landing/<rubro>/demo` (a demo
 * tenant, signed in), `/local/<storeId>` (a store's own page, feeding its customers). Forms are plain
 * HTML posts (application/x-www-form-urlencoded), answered with a page: errors beside each field and
 * nothing stored, or thanks.
 */
export const landingPublicRoutes =
  (options: {
    messaging: MessagingConfig;
    operatorDb: (sql: Sql) => OperatorDb;
    limits: LandingLimits;
    demo: DemoPolicy;
  }): CloudRoutesFactory =>
  (deps) =>
  async (app) => {
    const { sql, clock } = deps;
    const db = options.operatorDb(sql);
    app.addHook("onClose", () => db.close());
    const formLimiter = new AttemptLimiter(sql, clock, "landing-form", {
      limit: options.limits.formsPerHour,
      windowMs: HOUR,
    });
    const demoLimiter = new AttemptLimiter(sql, clock, "landing-demo", {
      limit: options.limits.demosPerHour,
      windowMs: HOUR,
    });

    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    const notFound = (reply: FastifyReply, lang: Lang) =>
      html(
        reply,
        404,
        messagePage({ lang, title: WORDS[lang].notFound, lines: [WORDS[lang].notFound], back: "/landing" }),
      );

    /** Runs the operator-side write; a service whose console is off still shows the page. */
    const operatorSide = async <T>(fn: Parameters<OperatorDb["run"]>[0]): Promise<T | null> => {
      try {
        return (await db.run(fn)) as T;
      } catch (err) {
        if (err instanceof Refusal && err.code === "operator_console_off") return null;
        throw err;
      }
    };

    /** 429 as a page: the limiter counts every post from the address, accepted or not. */
    const admitted = async (
      limiter: AttemptLimiter,
      request: FastifyRequest,
      reply: FastifyReply,
      lang: Lang,
      back: string,
    ) => {
      try {
        await limiter.admit([request.ip], WORDS[lang].tooMany);
        return true;
      } catch (err) {
        if (!(err instanceof Refusal) || err.kind !== "too_many_requests") throw err;
        const retry = Number(err.details?.retryAfterSeconds ?? 60);
        reply.header("retry-after", String(retry));
        html(
          reply,
          429,
          messagePage({ lang, title: WORDS[lang].tooMany, lines: [WORDS[lang].tooMany], back }),
        );
        return false;
      }
    };

    app.get("/landing", { config: { auth: "public" } }, async (request, reply) => {
      const lang = langOf((request.query as Record<string, unknown>).lang);
      const links = LANDING_RUBROS.map(
        (r) =>
          `<li><a href="${esc(pathWithLang(`/landing/${r}`, lang))}">${esc(RUBRO_TEXTS[r][lang].title)}</a></li>`,
      ).join("");
      return html(
        reply,
        200,
        layout({
          lang,
          title: "Mostrador",
          description: WORDS[lang].demoHint,
          path: "/landing",
          body: `<h1>Mostrador</h1><ul>${links}</ul>`,
        }),
        "no-cache",
      );
    });

    app.get("/landing/:rubro", { config: { auth: "public" } }, async (request, reply) => {
      const { rubro } = request.params as { rubro: string };
      const query = request.query as Record<string, unknown>;
      const lang = langOf(query.lang);
      if (!isLandingRubro(rubro)) return notFound(reply, lang);
      const visitorId = visitorOf(request) ?? randomUUID();
      const utm = utmOf(query);
      await operatorSide((q) => recordRubroVisit(q, { visitorId, rubro, utm }, clock.now()));
      reply.header(
        "set-cookie",
        `${VISITOR_COOKIE}=${visitorId}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`,
      );
      return html(
        reply,
        200,
        rubroPage({ rubro, lang, utm, visitorId, state: { values: {}, errors: {} } }),
        "no-cache",
      );
    });

    app.post(
      "/landing/:rubro",
      { config: { auth: "public" }, schema: { body: LandingFormBody } },
      async (request, reply) => {
        const { rubro } = request.params as { rubro: string };
        const fields = (request.body ?? {}) as Record<string, string>;
        const lang = langOf(fields.lang ?? (request.query as Record<string, unknown>).lang);
        if (!isLandingRubro(rubro)) return notFound(reply, lang);
        if (!(await admitted(formLimiter, request, reply, lang, `/landing/${rubro}`))) return reply;
        const result = checkLeadForm(fields, lang);
        const visitorId = result.kind === "lead" ? result.lead.visitorId : null;
        if (result.kind === "errors")
          return html(
            reply,
            400,
            rubroPage({
              rubro,
              lang,
              utm: utmOf(fields),
              visitorId: visitorOf(request),
              state: { values: fields, errors: result.errors },
            }),
          );
        if (result.kind === "lead") {
          const lead = { ...result.lead, visitorId: visitorId ?? visitorOf(request) };
          const saved = await operatorSide((q) =>
            captureOperatorLead(
              q,
              lead,
              { rubro, consentWording: WORDS[lang].operatorConsent, ip: request.ip, lang },
              clock.now(),
            ),
          );
          if (saved === null)
            return html(
              reply,
              503,
              messagePage({
                lang,
                title: "Mostrador",
                lines: [WORDS[lang].unavailable],
                back: `/landing/${rubro}`,
              }),
            );
        }
        // The honeypot's bot is thanked the same way: it learns nothing, and nothing was stored.
        return html(
          reply,
          200,
          messagePage({
            lang,
            title: WORDS[lang].thanks,
            lines: [WORDS[lang].thanks],
            back: `/landing/${rubro}`,
          }),
        );
      },
    );

    app.post(
      "/landing/:rubro/demo",
      { config: { auth: "public" }, schema: { body: LandingFormBody } },
      async (request, reply) => {
        const { rubro } = request.params as { rubro: string };
        const fields = (request.body ?? {}) as Record<string, string>;
        const lang = langOf((request.query as Record<string, unknown>).lang ?? fields.lang);
        if (!isLandingRubro(rubro)) return notFound(reply, lang);
        if (!(await admitted(demoLimiter, request, reply, lang, `/landing/${rubro}`))) return reply;
        const visitor =
          fields.visitor && UUID.test(fields.visitor) ? fields.visitor.toLowerCase() : visitorOf(request);
        const leadId = await operatorSide((q) =>
          recordDemoRequest(q, { visitorId: visitor, rubro, utm: utmOf(fields) }, clock.now()),
        );
        try {
          const demo = await startDemo(
            deps,
            rubro,
            (leadId as string | null) ?? null,
            { userAgent: request.headers["user-agent"] ?? null, ip: request.ip },
            options.demo,
          );
          const nonce = randomBytes(16).toString("base64");
          reply.header(
            "content-security-policy",
            `default-src 'self'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'`,
          );
          return html(
            reply,
            201,
            demoHandoffPage({
              lang,
              nonce,
              session: { token: demo.session.token, email: demo.session.principal.email },
            }),
          );
        } catch (err) {
          if (err instanceof Refusal && err.code === "demos_full")
            return html(
              reply,
              503,
              messagePage({
                lang,
                title: WORDS[lang].demosFull,
                lines: [WORDS[lang].demosFull],
                back: `/landing/${rubro}`,
              }),
            );
          throw err;
        }
      },
    );

    // The welcome email's open pixel and its link (lead-mail-tracking.ts): only a token the cloud signed
    // is read; anything else is refused and records nothing.
    app.get("/landing/mail/open", { config: { auth: "public" } }, async (request, reply) => {
      const claim = readLeadMailToken(options.messaging, (request.query as Record<string, unknown>).token);
      if (!claim) return reply.code(400).type("text/plain; charset=utf-8").send(WORDS.es.badLink);
      await operatorSide((q) => recordLeadMailTracking(q, claim.m, "open", clock.now()));
      return reply.code(200).header("cache-control", "no-store").type("image/gif").send(TRANSPARENT_GIF);
    });

    app.get("/landing/mail/click", { config: { auth: "public" } }, async (request, reply) => {
      const claim = readLeadMailToken(options.messaging, (request.query as Record<string, unknown>).token);
      if (!claim?.u)
        return html(
          reply,
          400,
          messagePage({ lang: "es", title: WORDS.es.badLink, lines: [WORDS.es.badLink], back: "/landing" }),
        );
      const lead = await operatorSide<{ visitorId: string | null } | null>((q) =>
        recordLeadMailTracking(q, claim.m, "click", clock.now()),
      );
      // The lead's own browser id: the page the click opens (and a demo from it) counts toward the lead.
      if (lead?.visitorId && !visitorOf(request))
        reply.header(
          "set-cookie",
          `${VISITOR_COOKIE}=${lead.visitorId}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`,
        );
      return reply.redirect(claim.u, 302);
    });

    /** The store's tenant while its page is on (the one lookup before RLS), or null. */
    const tenantOfPage = async (storeId: string) => {
      if (!UUID.test(storeId)) return null;
      const [row] = await sql.query<{ tenant: string | null }>("SELECT landing_store_tenant($1) AS tenant", [
        storeId,
      ]);
      return row?.tenant ?? null;
    };

    app.get("/local/:storeId", { config: { auth: "public" } }, async (request, reply) => {
      const { storeId } = request.params as { storeId: string };
      const query = request.query as Record<string, unknown>;
      const lang = langOf(query.lang);
      const tenantId = await tenantOfPage(storeId);
      if (!tenantId) return notFound(reply, lang);
      const utm = utmOf(query);
      const page = await sql.withTenant(tenantId, async (q) => {
        const found = await publicStorePage(q, storeId);
        if (found) await recordStoreVisit(q, tenantId, storeId, utm, clock.now());
        return found;
      });
      if (!page) return notFound(reply, lang);
      return html(reply, 200, storePage({ page, lang, utm, state: { values: {}, errors: {} } }), "no-cache");
    });

    app.post(
      "/local/:storeId",
      { config: { auth: "public" }, schema: { body: LandingFormBody } },
      async (request, reply) => {
        const { storeId } = request.params as { storeId: string };
        const fields = (request.body ?? {}) as Record<string, string>;
        const lang = langOf(fields.lang ?? (request.query as Record<string, unknown>).lang);
        const tenantId = await tenantOfPage(storeId);
        if (!tenantId) return notFound(reply, lang);
        const back = `/local/${storeId}`;
        if (!(await admitted(formLimiter, request, reply, lang, back))) return reply;
        const result = checkLeadForm(fields, lang);
        if (result.kind === "spam")
          return html(
            reply,
            200,
            messagePage({ lang, title: WORDS[lang].thanks, lines: [WORDS[lang].thanks], back }),
          );
        const answer = await sql.withTenant(tenantId, async (q) => {
          const page = await publicStorePage(q, storeId);
          if (!page) return null;
          if (result.kind === "errors")
            return {
              status: 400,
              body: storePage({
                page,
                lang,
                utm: utmOf(fields),
                state: { values: fields, errors: result.errors },
              }),
            };
          await captureStoreLead(
            q,
            options.messaging,
            tenantId,
            storeId,
            result.lead,
            { wording: WORDS[lang].storeConsent(page.businessName), ip: request.ip },
            clock.now(),
          );
          const lines = [WORDS[lang].thanks, ...(result.lead.email ? [WORDS[lang].emailConfirm] : [])];
          return { status: 200, body: messagePage({ lang, title: WORDS[lang].thanks, lines, back }) };
        });
        if (!answer) return notFound(reply, lang);
        return html(reply, answer.status, answer.body);
      },
    );
  };

export { DEFAULT_DEMO_POLICY };
