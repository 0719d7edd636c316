import {
  ScoredLeadsAnswer,
  StorePageLeadsAnswer,
  StorePagesAnswer,
} from "@mostrador/contracts/http/cloud-landing";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import type { LightMyRequestResponse } from "fastify";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import type { MessagingConfig } from "../messaging/config.js";
import { messagingModule } from "../messaging/module.js";
import { header, quotedPrintable, startTestSmtp } from "../messaging/test-support/test-smtp.js";
import { DEV_SECRETS_KEY, SecretBox } from "../messaging/secrets.js";
import { cloudModules } from "../modules.js";
import { createOperatorModule } from "../operator/module.js";
import { openOperatorDb, type OperatorDb } from "../operator/operator-db.js";
import { createOperator } from "../operator/operators.js";
import { bearer, json, openTestCloud, ownerWithStore, type TestCloud } from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { expireDemos } from "./demo.js";
import { sendDueLeadMail } from "./lead-mail.js";
import { rescoreNewTrials } from "./lead-scoring.js";
import { captureOperatorLead, recordDemoRequest, recordRubroVisit } from "./operator-leads.js";
import { createLandingModule } from "./module.js";
import { WORDS } from "./pages/texts.js";

// Landing pages over HTTP on a real PostgreSQL: the rubro pages write the operator's CRM through the
// operator's own login, the store pages the tenant's rows under RLS, demos are real tenants.
const box = new SecretBox(DEV_SECRETS_KEY);
const clock = new ManualClock("2026-12-01T15:00:00.000Z");
const DAY = 86_400_000;
let db: TestDatabase;
let cloud: TestCloud;
let operatorDb: OperatorDb;
let operatorToken: string;
let operatorSecret: string;
const OPERATOR_PASSWORD = "operar-con-cuidado-7";
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let mailConfig: MessagingConfig;

/** The operator's login at the clock's time (a session lasts 12 hours). */
async function operatorLogin(): Promise<string> {
  const code = new TOTP({ secret: Secret.fromBase32(operatorSecret), period: 30 }).generate({
    timestamp: clock.now().getTime(),
  });
  const login = await cloud.app.inject({
    method: "POST",
    url: "/v1/operator/login",
    payload: { email: "ana@mostrador.test", password: OPERATOR_PASSWORD, code },
  });
  expect(login.statusCode, login.body).toBe(200);
  return json<{ token: string }>(login).token;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (url: string, fields: Record<string, string>, ip = "10.9.0.1", cookie?: string) =>
  cloud.app.inject({
    method: "POST",
    url,
    payload: form(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    remoteAddress: ip,
  });
const count = async (table: string) =>
  Number((await db.owner.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
const answer = <T>(schema: Parameters<typeof expectAnswer>[0], res: LightMyRequestResponse): T => {
  expectAnswer(schema, res);
  return res.json() as T;
};

beforeAll(async () => {
  smtp = await startTestSmtp({ refuse: ["nadie@example.com"] });
  mailConfig = {
    ...messagingModule.config,
    // The module's own worker runs once at start; the tests send the lead mail pass by pass.
    pollMs: 3_600_000,
    email: { bounceDomain: "bounces.mostrador.test", ignoreTls: true },
    accountEmail: {
      settings: { host: "127.0.0.1", port: smtp.port, secure: false, from: "hola@mostrador.test" },
      password: null,
    },
  };
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql, {
    clock,
    modules: [
      ...cloudModules.filter((m) => m.name !== "operator" && m.name !== "landing"),
      createOperatorModule({ databaseUrl: db.operatorUrl, secrets: box }),
      createLandingModule({
        messaging: mailConfig,
        operatorDatabaseUrl: db.operatorUrl,
        limits: { formsPerHour: 4, demosPerHour: 3 },
        demo: { maxAlive: 1, salesPerDay: 3, days: 2 },
      }),
    ],
  });
  operatorDb = openOperatorDb(db.sql, db.operatorUrl);
  ({ secret: operatorSecret } = await createOperator(
    operatorDb,
    box,
    { email: "ana@mostrador.test", name: "Ana", password: OPERATOR_PASSWORD },
    clock,
  ));
  operatorToken = await operatorLogin();
}, 120_000);

afterAll(async () => {
  await cloud?.close();
  await smtp?.close();
  await operatorDb?.close();
  await db?.drop();
});

describe("the operator's rubro pages", () => {
  it("records the visit's UTM, and the form makes a landing lead with its consent wording and time", async () => {
    const page = await cloud.app.inject({
      url: "/landing/carniceria?utm_source=google&utm_campaign=invierno",
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain('<meta name="description"');
    expect(page.body).toContain('name="utm_campaign" value="invierno"');
    const cookie = String(page.headers["set-cookie"]).split(";")[0]!;
    const visitor = cookie.split("=")[1]!;

    const sent = await post(
      "/landing/carniceria",
      {
        name: "Rosa Díaz",
        business: "Carnicería Rosa",
        email: "Rosa@Example.com",
        message: "Quiero saber precios\ny planes",
        consent: "on",
        utm_source: "google",
        utm_campaign: "invierno",
        visitor,
        website: "",
      },
      "10.9.0.1",
      cookie,
    );
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.body).toContain(WORDS.es.thanks);
    const [lead] = await db.owner.query<Record<string, unknown>>(
      "SELECT * FROM leads WHERE email = 'rosa@example.com'",
    );
    expect(lead).toMatchObject({
      source: "landing",
      stage: "contact",
      business_name: "Carnicería Rosa",
      contact_name: "Rosa Díaz",
      rubro: "carniceria",
      utm_source: "google",
      utm_campaign: "invierno",
      message: "Quiero saber precios\ny planes",
    });
    const consents = await db.owner.query<{ wording: string; at: Date }>(
      "SELECT wording, at FROM lead_consents WHERE lead_id = $1",
      [lead!.id],
    );
    expect(consents).toEqual([{ wording: WORDS.es.operatorConsent, at: clock.now() }]);
    // The visit before the form joined the lead.
    const events = await db.owner.query<{ kind: string; utm_source: string }>(
      "SELECT kind, utm_source FROM lead_events WHERE lead_id = $1 ORDER BY kind",
      [lead!.id],
    );
    expect(events).toEqual([
      { kind: "form", utm_source: "google" },
      { kind: "visit", utm_source: "google" },
    ]);
  });

  it("refuses bad input and a honeypot, storing nothing, and limits posts per address", async () => {
    const before = [await count("leads"), await count("lead_events"), await count("lead_consents")];
    const noConsent = await post("/landing/almacen", { name: "Juan", email: "juan@example.com" }, "10.9.1.1");
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain("tenés que aceptar que te contactemos");
    const noContact = await post("/landing/almacen", { name: "Juan", consent: "on" }, "10.9.1.1");
    expect(noContact.statusCode).toBe(400);
    expect(noContact.body).toContain("Dejanos un correo electrónico o un WhatsApp");
    const badPhone = await post(
      "/landing/almacen?lang=en",
      { name: "Juan", phone: "12", consent: "on", lang: "en" },
      "10.9.1.1",
    );
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.body).toContain("The WhatsApp number is not valid");
    const bot = await post(
      "/landing/almacen",
      { name: "Bot", email: "bot@example.com", consent: "on", website: "http://spam.example" },
      "10.9.1.1",
    );
    expect(bot.statusCode).toBe(200);
    expect(await Promise.all([count("leads"), count("lead_events"), count("lead_consents")])).toEqual(before);
    // The fifth post within the hour from the same address is refused, whatever it holds.
    const limited = await post(
      "/landing/almacen",
      { name: "Juan", email: "juan@example.com", consent: "on" },
      "10.9.1.1",
    );
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBeDefined();
    expect(await count("leads")).toBe(before[0]);
  });

  it("scores from the event log with decay, and moves a lead along the stages once per threshold", async () => {
    const settings = {
      points: { visit: 10, form: 20, demo: 30, email_open: 3, email_click: 8, trial: 50 },
      halfLifeDays: 10,
      thresholds: [
        { score: 25, stage: "demo", notify: false },
        { score: 50, stage: "proposal", notify: true },
      ],
    };
    const saved = await cloud.app.inject({
      method: "PUT",
      url: "/v1/operator/landing/score-settings",
      headers: bearer(operatorToken),
      payload: settings,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const stranger = await cloud.app.inject({
      method: "PUT",
      url: "/v1/operator/landing/score-settings",
      payload: settings,
    });
    expect(stranger.statusCode).toBe(401);

    const visitor = "019b0000-0000-7000-8000-0000000000b1";
    const t0 = clock.now();
    const leadId = await operatorDb.run(async (q) => {
      await recordRubroVisit(
        q,
        {
          visitorId: visitor,
          rubro: "bar",
          utm: { source: "ig", medium: null, campaign: null, term: null, content: null },
        },
        t0,
      );
      return captureOperatorLead(
        q,
        {
          name: "Leo",
          business: "Bar Leo",
          email: "leo@example.com",
          phone: null,
          message: null,
          utm: { source: "ig", medium: null, campaign: null, term: null, content: null },
          visitorId: visitor,
        },
        { rubro: "bar", consentWording: WORDS.es.operatorConsent, ip: "10.9.2.1", lang: "es" },
        t0,
      );
    });
    const stageOf = async () =>
      (await db.owner.query<{ stage: string }>("SELECT stage FROM leads WHERE id = $1", [leadId]))[0]!.stage;
    expect(await stageOf()).toBe("demo"); // 10 + 20 = 30 ≥ 25

    // Ten days later the 30 points are worth 15; a demo (30) makes 45: not yet 50.
    const t10 = new Date(t0.getTime() + 10 * DAY);
    await operatorDb.run((q) =>
      recordDemoRequest(
        q,
        {
          visitorId: visitor,
          rubro: "bar",
          utm: { source: null, medium: null, campaign: null, term: null, content: null },
        },
        t10,
      ),
    );
    expect(await stageOf()).toBe("demo");
    // Another visit the same day: 55 → proposal, and a notice.
    await operatorDb.run((q) =>
      recordRubroVisit(
        q,
        {
          visitorId: visitor,
          rubro: "bar",
          utm: { source: null, medium: null, campaign: null, term: null, content: null },
        },
        t10,
      ),
    );
    expect(await stageOf()).toBe("proposal");
    const changes = await db.owner.query<{ to_stage: string; operator_id: string | null }>(
      "SELECT to_stage, operator_id FROM lead_stage_changes WHERE lead_id = $1 ORDER BY at, to_stage",
      [leadId],
    );
    expect(changes.map((c) => c.to_stage)).toEqual(["contact", "demo", "proposal"]);

    // The operator moves it back by hand: the score, still over 50, never moves it again.
    await db.owner.query("UPDATE leads SET stage = 'contact' WHERE id = $1", [leadId]);
    await operatorDb.run((q) =>
      recordRubroVisit(
        q,
        {
          visitorId: visitor,
          rubro: "bar",
          utm: { source: null, medium: null, campaign: null, term: null, content: null },
        },
        t10,
      ),
    );
    expect(await stageOf()).toBe("contact");

    clock.advance(10 * DAY);
    operatorToken = await operatorLogin();
    const list = answer<ScoredLeadsAnswer>(
      ScoredLeadsAnswer,
      await cloud.app.inject({ url: "/v1/operator/landing/leads", headers: bearer(operatorToken) }),
    );
    const leo = list.leads.find((l) => l.id === leadId)!;
    // At t10: 30/2 + 30 + 10 + 10 = 65 → at the clock's t10: 65 exactly.
    expect(leo).toMatchObject({ score: 65, visits: 3, utm: { source: "ig" }, stage: "contact" });
    expect(list.notices).toEqual([expect.objectContaining({ leadId, threshold: 50, score: 55 })]);
  });
});

describe("the operator's emails", () => {
  const sendPass = (config: MessagingConfig = mailConfig) =>
    sendDueLeadMail(operatorDb, config, () => clock.now());
  const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
  const leads = async () =>
    answer<ScoredLeadsAnswer>(
      ScoredLeadsAnswer,
      await cloud.app.inject({ url: "/v1/operator/landing/leads", headers: bearer(operatorToken) }),
    );

  /** A rubro page's form with no UTM nor earlier visits, written as the page writes it, now. */
  const formLead = (f: {
    name: string;
    business?: string;
    email: string;
    rubro: string;
    lang: "es" | "en";
  }) =>
    operatorDb.run((q) =>
      captureOperatorLead(
        q,
        {
          name: f.name,
          business: f.business ?? null,
          email: f.email,
          phone: null,
          message: null,
          utm: { source: null, medium: null, campaign: null, term: null, content: null },
          visitorId: null,
        },
        { rubro: f.rubro, consentWording: WORDS[f.lang].operatorConsent, ip: null, lang: f.lang },
        clock.now(),
      ),
    );

  it("sends each lead its welcome once and every operator the notice of a notifying threshold, by the platform's SMTP", async () => {
    const before = await leads();
    expect(before.mailConfigured).toBe(true);
    expect(before.leads.find((l) => l.email === "rosa@example.com")!.welcomeMail).toMatchObject({
      status: "pending",
      sentAt: null,
    });
    // Without the platform's SMTP nothing is claimed: the mail waits.
    expect(await sendPass({ ...mailConfig, accountEmail: null })).toBe(0);
    expect(smtp.received).toHaveLength(0);

    expect(await sendPass()).toBe(3);
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual([
      "ana@mostrador.test",
      "leo@example.com",
      "rosa@example.com",
    ]);
    const rosa = quotedPrintable(mailTo("rosa@example.com")[0]!.raw);
    expect(rosa).toContain("Hola Rosa Díaz:");
    expect(rosa).toContain("Gracias por contarnos de Carnicería Rosa.");
    expect(rosa).toContain("Mostrador para carnicerías");
    expect(rosa).toMatch(/\/landing\/mail\/open\?token=[\w.-]+/);
    expect(header(mailTo("rosa@example.com")[0]!.raw, "From")).toContain("hola@mostrador.test");
    const notice = quotedPrintable(mailTo("ana@mostrador.test")[0]!.raw);
    expect(notice).toContain("Bar Leo pasó los 50 puntos (55).");
    expect(notice).toContain("Correo: leo@example.com");
    expect(notice).toContain("/operador");

    // A second pass, and the same form sent again, send nothing new.
    const again = await post(
      "/landing/carniceria",
      { name: "Rosa Díaz", email: "rosa@example.com", consent: "on", website: "" },
      "10.9.5.1",
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(await sendPass()).toBe(0);
    expect(smtp.received).toHaveLength(3);

    const after = await leads();
    expect(after.leads.find((l) => l.email === "rosa@example.com")!.welcomeMail).toMatchObject({
      status: "sent",
      sentAt: clock.now().toISOString(),
      openedAt: null,
    });
    expect(after.notices[0]).toMatchObject({ threshold: 50, emails: { sent: 1, pending: 0, failed: 0 } });
  });

  it("scores the welcome's first open and first click once each, and refuses a link it did not sign", async () => {
    const rosaId = (await leads()).leads.find((l) => l.email === "rosa@example.com")!.id;
    const eventsOf = async () =>
      (
        await db.owner.query<{ kind: string }>(
          "SELECT kind FROM lead_events WHERE lead_id = $1 AND kind LIKE 'email%' ORDER BY kind",
          [rosaId],
        )
      ).map((e) => e.kind);
    const scoreOf = async () => (await leads()).leads.find((l) => l.id === rosaId)!.score;
    const text = quotedPrintable(mailTo("rosa@example.com")[0]!.raw);
    const open = /\/landing\/mail\/open\?token=[\w.-]+/.exec(text)![0];
    const click = /\/landing\/mail\/click\?token=[\w.-]+/.exec(text)![0];
    const before = await scoreOf();

    for (const bad of [
      "/landing/mail/open?token=nada",
      "/landing/mail/open",
      `${open.slice(0, -3)}AAA`,
      `/landing/mail/click?token=${"x".repeat(5000)}`,
      // A signed open token carries no destination: it is no click link.
      open.replace("/open?", "/click?"),
    ]) {
      const res = await cloud.app.inject({ url: bad });
      expect(res.statusCode, bad).toBe(400);
    }
    expect(await eventsOf()).toEqual([]);

    const pixel = await cloud.app.inject({ url: open });
    expect(pixel.statusCode).toBe(200);
    expect(pixel.headers["content-type"]).toBe("image/gif");
    await cloud.app.inject({ url: open }); // opened twice: scored once
    expect(await eventsOf()).toEqual(["email_open"]);
    expect(await scoreOf()).toBe(before + 3);

    const clicked = await cloud.app.inject({ url: click });
    expect(clicked.statusCode).toBe(302);
    expect(clicked.headers.location).toMatch(
      /\/landing\/carniceria\?utm_source=mostrador&utm_medium=email&utm_campaign=welcome#demo$/,
    );
    // The click hands the browser the lead's own visitor id: the page it opens counts for the lead.
    expect(String(clicked.headers["set-cookie"])).toMatch(/^mostrador_visitor=[0-9a-f-]{36};/);
    await cloud.app.inject({ url: click });
    expect(await eventsOf()).toEqual(["email_click", "email_open"]);
    expect(await scoreOf()).toBe(before + 3 + 8);
    const welcome = (await leads()).leads.find((l) => l.id === rosaId)!.welcomeMail!;
    expect(welcome.openedAt).not.toBeNull();
    expect(welcome.clickedAt).not.toBeNull();
  });

  it("retries an SMTP that is down with backoff and gives up on a refused address, saying why on the console", async () => {
    const leadId = await formLead({ name: "Nadie", email: "nadie@example.com", rubro: "ropa", lang: "en" });
    const account = mailConfig.accountEmail!;
    const down = { ...mailConfig, accountEmail: { ...account, settings: { ...account.settings, port: 1 } } };
    expect(await sendPass(down)).toBe(0);
    const [pending] = await db.owner.query<{ status: string; attempts: number; next_attempt_at: Date }>(
      "SELECT status, attempts, next_attempt_at FROM lead_mail WHERE lead_id = $1",
      [leadId],
    );
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending!.next_attempt_at.getTime()).toBe(clock.now().getTime() + 60_000);
    expect(await sendPass()).toBe(0); // not due yet
    expect(mailTo("nadie@example.com")).toHaveLength(0);

    clock.advance(60_000);
    operatorToken = await operatorLogin();
    expect(await sendPass()).toBe(0); // 550 at RCPT: the mailbox does not exist
    const nadie = (await leads()).leads.find((l) => l.id === leadId)!;
    expect(nadie.welcomeMail).toMatchObject({ status: "failed" });
    expect(nadie.welcomeMail!.error).toMatch(/550|User unknown/);
    expect(await sendPass()).toBe(0);
  });

  it("re-scores a lead whose trial just started: the trial's points move it and notify without another event", async () => {
    const leadId = await formLead({
      name: "Tomás",
      business: "Rotisería Tomás",
      email: "tomas@example.com",
      rubro: "almacen",
      lang: "es",
    });
    const stageOf = async () =>
      (await db.owner.query<{ stage: string }>("SELECT stage FROM leads WHERE id = $1", [leadId]))[0]!.stage;
    expect(await stageOf()).toBe("contact"); // the form's 20 < 25
    const signup = await cloud.app.inject({
      method: "POST",
      url: "/v1/auth/signup",
      payload: {
        businessName: "Rotisería Tomás",
        rubro: "almacen",
        email: "tomas@example.com",
        password: "una-clave-larga-9",
        acceptTerms: true,
      },
      remoteAddress: "10.9.7.1",
    });
    expect(signup.statusCode, signup.body).toBe(201);
    expect(await stageOf()).toBe("contact"); // linked from the tenants' side: not re-scored yet

    const pass = () => operatorDb.run((q) => rescoreNewTrials(q, clock.now(), 3_600_000));
    expect(await pass()).toBe(1);
    expect(await stageOf()).toBe("proposal"); // 20 + 50: past 25 and 50
    const notices = () =>
      db.owner.query<{ to_email: string; threshold: number }>(
        "SELECT to_email, threshold FROM lead_mail WHERE lead_id = $1 AND kind = 'notice'",
        [leadId],
      );
    expect(await notices()).toEqual([{ to_email: "ana@mostrador.test", threshold: 50 }]);
    await pass(); // seen again: nothing fires twice
    expect(await notices()).toHaveLength(1);
    clock.advance(2 * 3_600_000);
    expect(await pass()).toBe(0); // out of the window
  });
});

describe("a store's own page", () => {
  it("is off until the owner turns it on; its lead becomes the shop's customer with consent, unseen by another tenant", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "pagina");
    const other = await ownerWithStore(db.sql, cloud, "otra");
    expect((await cloud.app.inject({ url: `/local/${shop.storeId}` })).statusCode).toBe(404);

    const turnedOn = await cloud.app.inject({
      method: "PUT",
      url: `/v1/landing/store-pages/${shop.storeId}`,
      headers: bearer(shop.token),
      payload: { enabled: true, address: "Av. Siempreviva 742", hours: "Lun a sáb 9 a 20" },
    });
    expect(turnedOn.statusCode, turnedOn.body).toBe(200);
    const notMine = await cloud.app.inject({
      method: "PUT",
      url: `/v1/landing/store-pages/${shop.storeId}`,
      headers: bearer(other.token),
      payload: { enabled: false, address: null, hours: null },
    });
    expect(notMine.statusCode).toBe(404);

    const page = await cloud.app.inject({ url: `/local/${shop.storeId}?utm_source=volante` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Av. Siempreviva 742");
    expect(page.body).not.toContain("/reservar/widget.js"); // no turnos online in this store

    const refused = await post(
      `/local/${shop.storeId}`,
      { name: "Marta", email: "no-es-correo", consent: "on" },
      "10.9.3.1",
    );
    expect(refused.statusCode).toBe(400);
    const sent = await post(
      `/local/${shop.storeId}`,
      {
        name: "Marta",
        phone: "11 2233-4455",
        message: "¿Tienen delivery?",
        consent: "on",
        utm_source: "volante",
      },
      "10.9.3.1",
    );
    expect(sent.statusCode, sent.body).toBe(200);

    const leads = answer<StorePageLeadsAnswer>(
      StorePageLeadsAnswer,
      await cloud.app.inject({ url: "/v1/landing/store-leads", headers: bearer(shop.token) }),
    );
    expect(leads.leads).toHaveLength(1);
    expect(leads.leads[0]).toMatchObject({
      name: "Marta",
      phone: "+541122334455",
      message: "¿Tienen delivery?",
      utm: { source: "volante" },
      consentWording: WORDS.es.storeConsent("Almacén pagina"),
    });
    const consent = await db.sql.withTenant(shop.tenantId, (q) =>
      q.query<{ channel: string; status: string; source: string }>(
        `SELECT k.channel, k.status, k.source FROM messaging_consents k
         JOIN customers c ON c.contact_id = k.contact_id WHERE c.id = $1`,
        [leads.leads[0]!.customerId],
      ),
    );
    expect(consent).toEqual([
      { channel: "whatsapp", status: "opted_in", source: "página del local (formulario)" },
    ]);
    const pages = answer<StorePagesAnswer>(
      StorePagesAnswer,
      await cloud.app.inject({ url: "/v1/landing/store-pages", headers: bearer(shop.token) }),
    );
    expect(pages.pages[0]).toMatchObject({
      enabled: true,
      leads: 1,
      visits: 1,
      path: `/local/${shop.storeId}`,
    });

    // Another tenant sees none of it, through the API or its own database session.
    const theirs = json<{ leads: unknown[] }>(
      await cloud.app.inject({ url: "/v1/landing/store-leads", headers: bearer(other.token) }),
    );
    expect(theirs.leads).toEqual([]);
    const rows = await db.sql.withTenant(other.tenantId, (q) => q.query("SELECT * FROM store_page_leads"));
    expect(rows).toEqual([]);
  });
});

describe("demo mode", () => {
  it("starts a signed-in demo tenant of the rubro with its sales, refuses past the cap, and erases it when it expires", async () => {
    const started = await post("/landing/panaderia/demo", {}, "10.9.4.1");
    expect(started.statusCode, started.body).toBe(201);
    const token = /"token\\":\\"(mos_[A-Za-z0-9_-]+)\\"/.exec(started.body)?.[1];
    expect(token).toBeDefined();
    const me = json<{ organization: { id: string; name: string; rubro: string } }>(
      await cloud.app.inject({ url: "/v1/me", headers: bearer(token!) }),
    );
    expect(me.organization).toMatchObject({ name: "Panadería La Espiga (demo)", rubro: "panaderia" });
    const tenantId = me.organization.id;
    const sales = await db.sql.withTenant(tenantId, (q) =>
      q.query<{ n: string }>("SELECT count(*) AS n FROM sales"),
    );
    expect(Number(sales[0]!.n)).toBe(6);

    const full = await post("/landing/panaderia/demo", {}, "10.9.4.2");
    expect(full.statusCode).toBe(503);

    clock.advance(DAY - 1000);
    expect(await expireDemos(db.sql, clock)).toBe(0);
    clock.advance(1000);
    expect(await expireDemos(db.sql, clock)).toBe(1);
    expect(await db.owner.query("SELECT 1 FROM organizations WHERE id = $1", [tenantId])).toEqual([]);
    expect(await db.owner.query("SELECT 1 FROM sales WHERE tenant_id = $1", [tenantId])).toEqual([]);
    expect((await cloud.app.inject({ url: "/v1/me", headers: bearer(token!) })).statusCode).toBe(401);
  });
});
