import { LANDING_RUBROS, type LandingRubro, type Utm } from "@mostrador/contracts/http/cloud-landing";
import type { FormErrors } from "../lead-form.js";
import type { PublicStorePage } from "../store-pages.js";
import { RUBRO_TEXTS, WORDS, type Lang } from "./texts.js";

/**
 * The landing pages, written on the server as one small HTML document each: inline CSS, no script
 * (the demo's hand-over page has three lines, and a store page the turnos widget), mobile first.
 * Every value that came from a person or a URL goes through `esc`.
 */

export const esc = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f6f7f9}
main{max-width:40rem;margin:0 auto;padding:1rem}header{display:flex;justify-content:space-between;align-items:center;padding:.5rem 1rem;background:#1d4ed8;color:#fff}
header a{color:#fff}h1{font-size:1.6rem;line-height:1.2;margin:1rem 0 .5rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
ul{padding-left:1.2rem}form{background:#fff;border-radius:.5rem;padding:1rem;box-shadow:0 1px 3px #0002}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}input,textarea{width:100%;padding:.6rem;font:inherit;border:1px solid #9aa3b2;border-radius:.35rem}
textarea{min-height:5rem}.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{width:auto;margin-top:.35rem}
button{margin-top:1rem;width:100%;padding:.8rem;font:inherit;font-weight:700;border:0;border-radius:.35rem;background:#1d4ed8;color:#fff;cursor:pointer}
button.demo{background:#047857}.err{color:#b91c1c;font-size:.9rem;margin:.2rem 0}.box{background:#fff;border-radius:.5rem;padding:1rem;margin:1rem 0}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}nav a{margin-right:.75rem}small{color:#4b5563}`;

interface Layout {
  lang: Lang;
  title: string;
  description: string;
  /** This page's path with ?lang=: the language switch links to the other one. */
  path: string;
  body: string;
  head?: string;
}

export function layout(page: Layout): string {
  const other: Lang = page.lang === "es" ? "en" : "es";
  return `<!doctype html>
<html lang="${page.lang === "es" ? "es-AR" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(page.title)}</title>
<meta name="description" content="${esc(page.description)}">
<meta property="og:title" content="${esc(page.title)}">
<meta property="og:description" content="${esc(page.description)}">
<meta property="og:type" content="website">
<meta property="og:locale" content="${page.lang === "es" ? "es_AR" : "en_US"}">
<link rel="alternate" hreflang="es-AR" href="${esc(page.path)}">
<link rel="alternate" hreflang="en" href="${esc(`${page.path}?lang=en`)}">
<style>${CSS}</style>${page.head ?? ""}
</head>
<body>
<header><strong>Mostrador</strong><a href="${esc(other === "en" ? `${page.path}?lang=en` : page.path)}" hreflang="${other}">${WORDS[page.lang].other}</a></header>
<main>
${page.body}
</main>
</body>
</html>`;
}

export interface FormState {
  values: Record<string, string>;
  errors: FormErrors;
}

const err = (message: string | undefined, id: string) =>
  message ? `<p class="err" id="${id}-err" role="alert">${esc(message)}</p>` : "";

function field(
  lang: Lang,
  state: FormState,
  name: "name" | "business" | "email" | "phone" | "message",
  label: string,
  attrs: string,
): string {
  const value = esc(state.values[name] ?? "");
  const message = state.errors[name];
  const described = message ? ` aria-invalid="true" aria-describedby="${name}-err"` : "";
  const input =
    name === "message"
      ? `<textarea id="${name}" name="${name}" maxlength="2000"${described}>${value}</textarea>`
      : `<input id="${name}" name="${name}" value="${value}" ${attrs}${described}>`;
  void lang;
  return `<label for="${name}">${esc(label)}</label>${input}${err(message, name)}`;
}

/** The lead form, posted back to the page's own path. */
export function leadForm(options: {
  lang: Lang;
  action: string;
  consentWording: string;
  state: FormState;
  utm: Utm;
  visitorId: string | null;
  business: boolean;
}): string {
  const w = WORDS[options.lang];
  const { state } = options;
  const hidden = Object.entries({
    utm_source: options.utm.source,
    utm_medium: options.utm.medium,
    utm_campaign: options.utm.campaign,
    utm_term: options.utm.term,
    utm_content: options.utm.content,
    visitor: options.visitorId,
  })
    .filter(([, v]) => v)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v!)}">`)
    .join("");
  const anyError = Object.keys(state.errors).length > 0;
  return `<form method="post" action="${esc(options.action)}" novalidate>
<h2>${esc(w.formTitle)}</h2>
${anyError ? `<p class="err" role="alert">${esc(w.errorsTitle)}</p>` : ""}
${field(options.lang, state, "name", w.name, 'autocomplete="name" maxlength="120" required')}
${options.business ? field(options.lang, state, "business", w.business, 'autocomplete="organization" maxlength="120"') : ""}
${field(options.lang, state, "email", w.email, 'type="email" autocomplete="email" maxlength="254"')}
${field(options.lang, state, "phone", w.phone, 'type="tel" autocomplete="tel" maxlength="30"')}
<small>${esc(w.contactHint)}</small>${err(state.errors.contact, "contact")}
${field(options.lang, state, "message", w.message, "")}
<div class="hp" aria-hidden="true"><label for="website">Website</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<label class="check"><input type="checkbox" name="consent" value="on"${state.values.consent === "on" ? " checked" : ""}> <span>${esc(options.consentWording)}</span></label>${err(state.errors.consent, "consent")}
<input type="hidden" name="lang" value="${options.lang}">
${hidden}
<button type="submit">${esc(w.send)}</button>
</form>`;
}

export const pathWithLang = (path: string, lang: Lang) => (lang === "en" ? `${path}?lang=en` : path);

/** A rubro page of the operator's: what Mostrador does for that trade, the demo button, the lead form. */
export function rubroPage(options: {
  rubro: LandingRubro;
  lang: Lang;
  utm: Utm;
  visitorId: string | null;
  state: FormState;
}): string {
  const t = RUBRO_TEXTS[options.rubro][options.lang];
  const w = WORDS[options.lang];
  const path = `/landing/${options.rubro}`;
  const utmHidden = Object.entries(options.utm)
    .filter(([, v]) => v)
    .map(([k, v]) => `<input type="hidden" name="utm_${k}" value="${esc(v as string)}">`)
    .join("");
  const others = LANDING_RUBROS.filter((r) => r !== options.rubro)
    .map(
      (r) =>
        `<a href="${esc(pathWithLang(`/landing/${r}`, options.lang))}">${esc(RUBRO_TEXTS[r][options.lang].title)}</a>`,
    )
    .join(" ");
  return layout({
    lang: options.lang,
    title: t.title,
    description: t.description,
    path,
    body: `<h1>${esc(t.headline)}</h1>
<p>${esc(t.description)}</p>
<ul>${t.points.map((p) => `<li>${esc(p)}</li>`).join("")}</ul>
<form method="post" action="${esc(pathWithLang(`${path}/demo`, options.lang))}" class="box" id="demo">
${utmHidden}${options.visitorId ? `<input type="hidden" name="visitor" value="${esc(options.visitorId)}">` : ""}
<p>${esc(w.demoHint)}</p><button type="submit" class="demo">${esc(w.demo)}</button>
</form>
${leadForm({
  lang: options.lang,
  action: pathWithLang(path, options.lang),
  consentWording: w.operatorConsent,
  state: options.state,
  utm: options.utm,
  visitorId: options.visitorId,
  business: true,
})}
<nav><h2>${esc(w.rubros)}</h2>${others}</nav>`,
  });
}

/** A store's own page for its customers: name, address, hours, the turnos widget where on, the form. */
export function storePage(options: {
  page: PublicStorePage;
  lang: Lang;
  utm: Utm;
  state: FormState;
}): string {
  const { page, lang } = options;
  const w = WORDS[lang];
  const path = `/local/${page.storeId}`;
  const title =
    page.storeName === page.businessName ? page.storeName : `${page.businessName} — ${page.storeName}`;
  const description = [page.address, page.hours].filter(Boolean).join(" · ") || title;
  const info = [
    page.address ? `<p><strong>${esc(w.address)}:</strong> ${esc(page.address)}</p>` : "",
    page.hours ? `<p><strong>${esc(w.hours)}:</strong> ${esc(page.hours)}</p>` : "",
  ].join("");
  const turnos = page.turnos
    ? `<section class="box"><h2>${esc(w.book)}</h2><script src="/reservar/widget.js" data-store="${esc(page.storeId)}" async></script>
<noscript><a href="/reservar/${esc(page.storeId)}">${esc(w.book)}</a></noscript></section>`
    : "";
  return layout({
    lang,
    title,
    description,
    path,
    body: `<h1>${esc(title)}</h1>${info}${turnos}
${leadForm({
  lang,
  action: pathWithLang(path, lang),
  consentWording: w.storeConsent(page.businessName),
  state: options.state,
  utm: options.utm,
  visitorId: null,
  business: false,
})}`,
  });
}

/** A short page with one message (thanks, not found, too many), and a way back. */
export function messagePage(options: { lang: Lang; title: string; lines: string[]; back: string }): string {
  return layout({
    lang: options.lang,
    title: options.title,
    description: options.title,
    path: options.back,
    body: `<div class="box" role="status">${options.lines.map((l) => `<p>${esc(l)}</p>`).join("")}
<p><a href="${esc(pathWithLang(options.back, options.lang))}">←</a></p></div>`,
  });
}

/**
 * The demo's hand-over: the dashboard keeps its session in localStorage (cloud/ui session-store.ts),
 * so this page writes the new demo session there and opens the dashboard. Its one script carries a
 * nonce; the page is never cached.
 */
export function demoHandoffPage(options: {
  lang: Lang;
  nonce: string;
  session: { token: string; email: string };
}): string {
  const session = JSON.stringify({
    token: options.session.token,
    email: options.session.email,
    role: "owner",
  }).replace(/</g, "\\u003c");
  return layout({
    lang: options.lang,
    title: WORDS[options.lang].demoReady,
    description: WORDS[options.lang].demoReady,
    path: "/landing",
    body: `<p class="box" role="status">${esc(WORDS[options.lang].demoReady)}</p>
<script nonce="${options.nonce}">localStorage.setItem("mostrador.cloud.session", ${JSON.stringify(session)});location.replace("/");</script>`,
  });
}
