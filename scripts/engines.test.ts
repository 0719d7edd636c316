/**
 * The README promises `npm install` on Node.js ≥ 20.19 (package.json "engines"). Every package the lockfile
 * installs must run there, so `npm ci` on Node 20 prints no EBADENGINE warning for anything the shop runs.
 * Packages that moved to Node 22 are held back with "overrides" in package.json; the tests at the end
 * check that the older versions still do what their dependants use them for.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import Fastify from "fastify";
import semver from "semver";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../", import.meta.url);

interface LockEntry {
  version?: string;
  dev?: boolean;
  engines?: Record<string, string> | string[];
}

const rootPackage = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(new URL("package-lock.json", ROOT), "utf8")) as {
  packages: Record<string, LockEntry>;
};
const declaredMinimum = semver.minVersion(rootPackage.engines.node);

/**
 * Dev-only packaging tools that cannot be held back, with why. Never part of `npm start` or the packaged
 * app, and npm only warns for them. Every @electron/rebuild 4.x and node-abi 4.x declares Node ≥ 22.12;
 * electron-builder 26.1+ needs @electron/rebuild 4; the 3.7 line installs @electron/node-gyp from a GitHub
 * tarball (so `npm install` would fail wherever only the npm registry is reachable, the very failure the
 * optional Electron avoids); the 3.6 line brings node-gyp 9 and tar 6 back, and a packaging run (which
 * downloads Electron and its headers) cannot be tried offline to show app-builder-lib 26 still works on it.
 */
const DEV_ONLY_EXCEPTIONS = ["node_modules/@electron/rebuild", "node_modules/node-abi"];

/** The lockfile's node range of a package, or null when it states none. Old packages list "node >= 6". */
function nodeRange(entry: LockEntry): string | null {
  const { engines } = entry;
  if (Array.isArray(engines)) {
    const node = engines.find((e) => /^node\b/.test(e));
    return node ? node.replace(/^node\s*/, "") : null;
  }
  return engines?.node ?? null;
}

/** Lockfile entries whose engines.node leaves out the root's declared minimum. */
function excludingTheMinimum(): { path: string; version: string; node: string; dev: boolean }[] {
  if (!declaredMinimum)
    throw new Error(`package.json engines.node is not a range: ${rootPackage.engines.node}`);
  const found = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const node = nodeRange(entry);
    if (node === null || semver.satisfies(declaredMinimum, node)) continue;
    found.push({ path, version: entry.version ?? "?", node, dev: entry.dev === true });
  }
  return found;
}

describe("the Node.js version the README promises", () => {
  it("is the one package.json declares", () => {
    const promised = `Node.js ≥ ${declaredMinimum?.major}.${declaredMinimum?.minor}`;
    expect(readFileSync(new URL("README.md", ROOT), "utf8")).toContain(promised);
  });

  it("runs every installed package, except dev-only packaging tools that cannot be held back", () => {
    const offenders = excludingTheMinimum().filter((p) => !DEV_ONLY_EXCEPTIONS.includes(p.path));
    expect(offenders).toEqual([]);
  });

  it("lists as exceptions only dev-only packages that still need it", () => {
    const excluded = new Map(excludingTheMinimum().map((p) => [p.path, p]));
    for (const path of DEV_ONLY_EXCEPTIONS) {
      // Gone or fixed upstream: take it off the list.
      expect(excluded.has(path), `${path} runs on ${rootPackage.engines.node} now`).toBe(true);
      expect(excluded.get(path)?.dev, `${path} is installed for more than development`).toBe(true);
    }
  });
});

describe("dependencies held back for Node 20 (overrides in package.json)", () => {
  it("fastify's inject still sends cookies (light-my-request on cookie 1)", async () => {
    const app = Fastify();
    app.get("/", async (request) => ({ cookie: request.headers.cookie }));
    const res = await app.inject({ method: "GET", url: "/", cookies: { saludo: "hola mundo" } });
    expect(res.json()).toEqual({ cookie: "saludo=hola%20mundo" });
    await app.close();
  });

  it("@fastify/static still names downloads (content-disposition 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mostrador-static-"));
    try {
      writeFileSync(join(dir, "ticket.txt"), "Almacén La Esquina\n");
      const app = Fastify();
      await app.register(fastifyStatic, { root: dir, serve: false });
      app.get("/ticket", (_request, reply) => reply.download("ticket.txt", "Ticket año 2026.txt"));
      const res = await app.inject({ method: "GET", url: "/ticket" });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-disposition"]).toBe(
        `attachment; filename="Ticket a?o 2026.txt"; filename*=UTF-8''Ticket%20a%C3%B1o%202026.txt`,
      );
      expect(res.body).toBe("Almacén La Esquina\n");
      await app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
