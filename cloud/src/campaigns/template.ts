import { Liquid, type Template } from "liquidjs";
import { CloudError } from "../core/errors.js";

/**
 * Campaign templates in Liquid (liquidjs): personalisation fields ({{ nombre }}, {{ tienda }}…) and
 * filters, no file access, no includes. A template that does not parse (an unclosed tag or output) is
 * refused with its line, before anything is saved.
 */
const engine = new Liquid({ strictFilters: true, ownPropertyOnly: true, cache: false });

export interface TemplateFields {
  nombre: string;
  nombre_completo: string;
  tienda: string;
  puntos: number;
  cumpleanios: string;
}

/** Parses a template or throws a Spanish refusal naming the line. */
export function parseTemplate(source: string, what: "asunto" | "mensaje" | "parámetro"): Template[] {
  try {
    return engine.parse(source);
  } catch (err) {
    const e = err as Error & { token?: { getPosition?(): [number, number] } };
    const line = e.token?.getPosition?.()[0] ?? Number(/line:(\d+)/.exec(e.message)?.[1] ?? 1);
    const unclosed = /not closed/.test(e.message);
    throw new CloudError(
      "invalid",
      "bad_template",
      unclosed
        ? `La plantilla (${what}) tiene una etiqueta sin cerrar en la línea ${line}`
        : `La plantilla (${what}) no se puede leer en la línea ${line}: ${e.message.split(",")[0]}`,
    );
  }
}

export function renderTemplate(parsed: Template[], fields: TemplateFields): string {
  return engine.renderSync(parsed, fields) as string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const URL_RE = /https?:\/\/[^\s<>"]+/g;

/** Each link in a rendered text replaced by what `track` returns (the signed redirect). */
export function trackLinks(text: string, track: (url: string) => string): string {
  return text.replace(URL_RE, (url) => track(url));
}

/**
 * The email's HTML: the shop's logo and colour around the rendered text (escaped: a customer's name
 * is never markup), links made clickable through `track`, and the open pixel at the end.
 */
export function emailHtml(
  text: string,
  brand: { color: string; logoUrl: string; shopName: string },
  track: (url: string) => string,
  pixelUrl: string | null,
): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((para) => {
      let out = "";
      let last = 0;
      for (const m of para.matchAll(URL_RE)) {
        out += escapeHtml(para.slice(last, m.index)).replace(/\n/g, "<br>");
        out += `<a href="${escapeHtml(track(m[0]))}" style="color:${brand.color}">${escapeHtml(m[0])}</a>`;
        last = m.index + m[0].length;
      }
      out += escapeHtml(para.slice(last)).replace(/\n/g, "<br>");
      return `<p>${out}</p>`;
    })
    .join("");
  const logo = brand.logoUrl
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.shopName)}" style="max-height:60px">`
    : `<strong style="font-size:20px">${escapeHtml(brand.shopName)}</strong>`;
  return (
    `<div style="font-family:sans-serif;max-width:600px;margin:auto">` +
    `<div style="background:${brand.color};color:#fff;padding:12px 16px">${logo}</div>` +
    `<div style="padding:16px;color:#222">${paragraphs}</div>` +
    (pixelUrl ? `<img src="${escapeHtml(pixelUrl)}" width="1" height="1" alt="">` : "") +
    `</div>`
  );
}
