/**
 * Is Electron's binary here for `npm run desktop`? Electron is an optional dependency of desktop/: where its
 * install script cannot download the binary (no access to github.com), npm skips the package and the
 * install still succeeds; `ELECTRON_SKIP_BINARY_DOWNLOAD=1` keeps the package but not the binary. Either
 * way only the window is missing — the till, its API and the cloud run with `npm start` — and
 * `npm run desktop` says so in words instead of a stack trace.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

/** What `require("electron")` gives outside Electron: the binary's path, or a throw when it is absent. */
export type ElectronLookup = () => unknown;

const requireHere = createRequire(import.meta.url);
const lookupElectron: ElectronLookup = () => requireHere("electron");

const WITHOUT_IT =
  "La caja funciona igual sin Electron: `npm start` y abrí http://localhost:8420 en el navegador.";

function notInstalled(): string {
  return [
    "No se puede abrir la ventana de Mostrador: Electron no está instalado.",
    "npm lo salteó porque es opcional y no pudo descargar su binario (hace falta acceso a github.com),",
    "o se instaló con --omit=optional.",
    WITHOUT_IT,
    "Para instalarlo, con acceso a github.com (o a un espejo en ELECTRON_MIRROR), corré de nuevo:",
    "  npm install",
  ].join("\n");
}

function binaryMissing(detail: string): string {
  return [
    "No se puede abrir la ventana de Mostrador: falta el binario de Electron.",
    `El paquete está, pero se instaló sin descargarlo (ELECTRON_SKIP_BINARY_DOWNLOAD=1) o la descarga falló (${detail}).`,
    WITHOUT_IT,
    "Para descargarlo, con acceso a github.com (o a un espejo en ELECTRON_MIRROR) y sin",
    "ELECTRON_SKIP_BINARY_DOWNLOAD, corré:",
    "  npm rebuild electron",
  ].join("\n");
}

/** Null when Electron can start; otherwise what is missing and how to get it, in Spanish. */
export function electronBinaryProblem(
  lookup: ElectronLookup = lookupElectron,
  exists: (path: string) => boolean = existsSync,
): string | null {
  let binary: unknown;
  try {
    binary = lookup();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return notInstalled();
    return binaryMissing("el paquete no encuentra su binario");
  }
  if (typeof binary !== "string") return binaryMissing("el paquete no indica dónde está el binario");
  if (!exists(binary)) return binaryMissing(`no existe ${binary}`);
  return null;
}
