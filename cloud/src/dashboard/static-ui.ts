import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Where `vite build --config cloud/ui/vite.config.ts` puts the dashboard. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL("../../ui/dist", import.meta.url));

/** The embeddable widget's script (vite.widget.config.ts), served at /reservar/widget.js. */
const WIDGET_FILE = "reservar/widget.js";

/** The built dashboard directory if it exists (a checkout that never built the UI still serves the API). */
export function builtUiDir(dir = DEFAULT_UI_DIR): string | null {
  return existsSync(`${dir}/index.html`) ? dir : null;
}

/**
 * Serves the owner dashboard (cloud/ui) at "/": files from the build, and index.html for any other
 * path (a single-page app), except /reservar/... (the patients' booking page, reservar.html). Public, like any web page: the data behind it needs the owner's token.
 * /v1/... and the public API's /api/... are never answered with HTML: an unknown API path stays a JSON 404.
 */
export async function registerDashboardUi(app: FastifyInstance, uiDir: string): Promise<void> {
  // serve: false — one public route below decides, so the auth hook's default ("owner") never sees files.
  await app.register(fastifyStatic, { root: uiDir, serve: false });
  app.get("/*", { config: { auth: "public" } }, (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (path.startsWith("/v1/") || path === "/v1" || path.startsWith("/api/"))
      return reply
        .status(404)
        .send({ error: { code: "route_not_found", message: `No existe ${request.method} ${path}` } });
    const file = builtFile(uiDir, path);
    // The widget's address is pasted in shops' sites: revalidated, so a new build reaches them.
    // (cacheControl: false, or @fastify/static writes its own "public, max-age=0" over it.)
    if (file === WIDGET_FILE)
      return reply.header("cache-control", "no-cache").sendFile(file, { cacheControl: false });
    if (file && file !== "index.html" && file !== "operador.html") return reply.sendFile(file);
    // The patients' booking page (cloud/ui/src/booking): its own small app, embeddable by any site.
    if (path === "/reservar" || path.startsWith("/reservar/"))
      return reply.header("cache-control", "no-cache").sendFile("reservar.html", { cacheControl: false });
    // The operator's console (cloud/ui/src/operator): its own app and login, never framed either.
    const operator = path === "/operador" || path.startsWith("/operador/") || file === "operador.html";
    const page = operator ? "operador.html" : "index.html";
    // The owner's dashboard is never shown inside another site's frame (clickjacking: a hidden frame
    // over "Cerrar cuenta" or "Revocar"). Both headers: frame-ancestors for today's browsers,
    // X-Frame-Options for the old ones a shop's PC may still run.
    return reply
      .header("cache-control", "no-cache")
      .header("content-security-policy", "frame-ancestors 'none'")
      .header("x-frame-options", "DENY")
      .sendFile(page, { cacheControl: false });
  });
}

/** The request path as a file of the build, or null (missing, a directory, malformed, or climbing out). */
function builtFile(uiDir: string, path: string): string | null {
  let file: string;
  try {
    file = decodeURIComponent(path).replace(/^\/+/, "");
  } catch {
    return null;
  }
  if (!file || file.split("/").includes("..")) return null;
  try {
    return statSync(`${uiDir}/${file}`).isFile() ? file : null;
  } catch {
    return null;
  }
}
