import { esc } from "./html.js";
import type { Lang } from "./texts.js";

/**
 * The operator's two emails (lead-mail.ts), written when they are sent: the welcome a lead gets after
 * a rubro page's form (in the page's language, with the demo link and the open pixel the score reads)
 * and the notice an operator gets when a lead crosses a threshold that notifies (Spanish: the team's
 * language; the console has both).
 */

export interface WelcomeLead {
  contactName: string | null;
  businessName: string;
  rubroTitle: string;
}

export interface RenderedMail {
  subject: string;
  body: string;
  html: string | null;
}

const WELCOME = {
  es: {
    subject: (name: string) => `Gracias por escribirnos, ${name}`,
    hello: (name: string) => `Hola ${name}:`,
    thanks: (business: string) =>
      `Gracias por contarnos de ${business}. Te vamos a escribir dentro de un día hábil.`,
    demo: (rubro: string) =>
      `Mientras tanto, podés probar ${rubro} con un negocio de ejemplo, listo en segundos:`,
    button: "Probar la demo",
    why: "Recibís este correo porque completaste el formulario de nuestra página. Si no fuiste vos, ignoralo.",
  },
  en: {
    subject: (name: string) => `Thank you for writing to us, ${name}`,
    hello: (name: string) => `Hi ${name},`,
    thanks: (business: string) =>
      `Thank you for telling us about ${business}. We will write to you within one business day.`,
    demo: (rubro: string) => `Meanwhile, you can try ${rubro} with a sample business, ready in seconds:`,
    button: "Try the demo",
    why: "You get this email because you filled in the form on our page. If it was not you, ignore it.",
  },
} as const;

export function welcomeMail(
  lead: WelcomeLead,
  lang: Lang,
  links: { demo: string; openPixel: string },
): RenderedMail {
  const w = WELCOME[lang];
  const name = lead.contactName ?? lead.businessName;
  const lines = [w.hello(name), "", w.thanks(lead.businessName), "", w.demo(lead.rubroTitle), links.demo];
  return {
    subject: w.subject(name).slice(0, 200),
    body: [...lines, "", "--", w.why].join("\n"),
    html:
      `<p>${esc(w.hello(name))}</p><p>${esc(w.thanks(lead.businessName))}</p>` +
      `<p>${esc(w.demo(lead.rubroTitle))}</p>` +
      `<p><a href="${esc(links.demo)}" style="display:inline-block;padding:10px 16px;background:#047857;color:#fff;border-radius:6px;text-decoration:none;font-weight:700">${esc(w.button)}</a></p>` +
      `<p style="font-size:12px;color:#666">${esc(w.why)}</p>` +
      `<img src="${esc(links.openPixel)}" width="1" height="1" alt="" style="display:block;border:0">`,
  };
}

export interface NoticeLead {
  businessName: string;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  rubro: string | null;
  message: string | null;
  utmSource: string | null;
  utmCampaign: string | null;
}

export function noticeMail(
  lead: NoticeLead,
  crossing: { threshold: number; score: number },
  consoleUrl: string,
): RenderedMail {
  const field = (label: string, value: string | null) => (value ? [`${label}: ${value}`] : []);
  const body = [
    `${lead.businessName} pasó los ${crossing.threshold} puntos (${crossing.score}).`,
    "",
    ...field("Contacto", lead.contactName),
    ...field("Correo", lead.email),
    ...field("WhatsApp", lead.phone),
    ...field("Rubro", lead.rubro),
    ...field("Mensaje", lead.message),
    ...field("Origen (utm_source)", lead.utmSource),
    ...field("Campaña (utm_campaign)", lead.utmCampaign),
    "",
    `Verlo en la consola: ${consoleUrl}`,
  ].join("\n");
  return {
    subject: `Lead con ${crossing.score} puntos: ${lead.businessName}`.slice(0, 200),
    body,
    html: null,
  };
}
