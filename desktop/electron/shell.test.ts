import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import Module from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { minimatch } from "minimatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { IPC_CHANNELS } from "./ipc-contract.js";

/**
 * The Electron shell as it is packaged, without Electron's binary (it cannot be downloaded here):
 * built by build.mjs as `npm run desktop` builds it (less the type check, which `npm run typecheck` does),
 * then checked as electron-builder would pack it and run under plain Node with Electron's API replaced at
 * the module boundary.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
/** Where electron-builder.yml expects the compiled tree, relative to the app folder (the repository). */
const PACKED_AT = "desktop/electron/dist";
let out: string;
let data: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  // Inside the repository, as desktop/electron/dist is: the compiled code finds node_modules up the tree.
  out = join(here, ".test-build");
  rmSync(out, { recursive: true, force: true });
  data = mkdtempSync(join(tmpdir(), "shell-data-"));
  // Without type-checking, which `npm run typecheck` does: the emitted JavaScript is the same.
  const build = spawnSync(process.execPath, [join(here, "build.mjs"), "--out", out, "--no-check"], {
    encoding: "utf8",
  });
  expect(build.status, build.stdout + build.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(out, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
});

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** The Node side (the built UI is the browser's, already bundled). */
const compiled = () =>
  [...filesUnder(out)].filter((f) => /\.c?js$/.test(f) && !f.startsWith(join(out, "desktop/ui/dist")));
/** Module specifiers of a compiled file: static imports and exports, dynamic imports, require(). */
const specifiers = (text: string) =>
  [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"'\s]+)["']/gm),
    ...text.matchAll(/^\s*import\s*["']([^"'\s]+)["']/gm),
    ...text.matchAll(/\b(?:import|require)\(\s*["']([^"'\s]+)["']\s*\)/g),
  ].map((m) => m[1]!);

describe("the Electron shell, built", () => {
  it("is plain JavaScript whose every import resolves: no TypeScript, no workspace package left to Node", () => {
    const production = new Set<string>();
    for (const ws of ["contracts", "platform", "kernel", "desktop", "gateway", "sync"]) {
      const manifest = JSON.parse(readFileSync(join(repo, ws, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
        optionalDependencies?: Record<string, string>;
      };
      for (const d of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }))
        production.add(d);
    }
    const problems: string[] = [];
    for (const file of compiled()) {
      for (const spec of specifiers(readFileSync(file, "utf8"))) {
        const where = relative(out, file);
        if (spec.startsWith(".")) {
          if (!existsSync(resolve(dirname(file), spec))) problems.push(`${where}: ${spec} no existe`);
        } else if (spec.startsWith("node:") || builtinModules.includes(spec)) continue;
        else {
          const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
          if (name.startsWith("@mostrador/")) problems.push(`${where}: ${spec} quedó como paquete`);
          else if (!production.has(name)) problems.push(`${where}: ${name} no es dependencia de producción`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(compiled().length).toBeGreaterThan(100);
  });

  it("is packed whole: electron-builder's files globs take every file the appliance loads at run time", () => {
    const config = parse(readFileSync(join(repo, "electron-builder.yml"), "utf8")) as {
      files: string[];
      extraMetadata: { main: string };
    };
    const packed = (path: string) => {
      let included = false;
      for (const pattern of config.files) {
        const negated = pattern.startsWith("!");
        if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
      }
      return included;
    };
    const runtime = [...filesUnder(out)]
      .filter((f) => !f.endsWith(".map"))
      .map((f) => `${PACKED_AT}/${relative(out, f).split(sep).join("/")}`);
    expect(runtime.some((f) => f.endsWith(".sql"))).toBe(true);
    expect(runtime.some((f) => f.includes("/ui/dist/index.html"))).toBe(true);
    expect(runtime.filter((f) => !packed(f))).toEqual([]);
    expect(runtime).toContain(config.extraMetadata.main);
    expect(packed("package.json")).toBe(true);
  });

  it("starts the appliance and shows it in one kiosk window, isolated and sandboxed, with the IPC contract's handlers", async () => {
    const main = join(out, "desktop/electron/main.js");
    // A shop's real till: no demo or simulator switch in its environment (the shell must not start them).
    const { MOSTRADOR_DEMO: _demo, MOSTRADOR_SIMULATOR: _simulator, ...inherited } = process.env;
    child = spawn(
      process.execPath,
      ["--import", pathToImport(join(here, "test-register-fake-electron.mjs")), main],
      {
        env: {
          ...inherited,
          FAKE_ELECTRON_USER_DATA: data,
          MOSTRADOR_PORT: "0",
          MOSTRADOR_HOST: "127.0.0.1",
          MOSTRADOR_MQTT_HOST: "127.0.0.1",
          MOSTRADOR_SYNC: "0",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const events: { event: string; [k: string]: unknown }[] = [];
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((done, fail) => {
      let buffer = "";
      child!.stdout!.on("data", (c: Buffer) => {
        buffer += c.toString();
        for (const line of buffer.split("\n").slice(0, -1))
          if (line.startsWith("ELECTRON_FAKE "))
            events.push(JSON.parse(line.slice(14)) as (typeof events)[number]);
        buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
        if (events.some((e) => e.event === "loadURL")) done();
      });
      child!.on("exit", (code) => fail(new Error(`el shell terminó (${code}): ${stderr}`)));
      setTimeout(() => fail(new Error(`sin ventana tras 30 s: ${stderr}`)), 30_000);
    });
    const windows = events.filter((e) => e.event === "window");
    expect(windows).toHaveLength(1);
    const options = windows[0]!.options as {
      kiosk: boolean;
      webPreferences: {
        contextIsolation: boolean;
        sandbox: boolean;
        nodeIntegration: boolean;
        preload: string;
      };
    };
    expect(options.kiosk).toBe(true);
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(existsSync(options.webPreferences.preload)).toBe(true);
    expect(events.filter((e) => e.event === "ipcHandle").map((e) => e.channel)).toEqual(
      Object.values(IPC_CHANNELS),
    );
    // The appliance really runs in this process: the window's URL answers with the till's UI, from the data folder.
    const url = String(events.find((e) => e.event === "loadURL")!.url);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<div id=");
    expect(existsSync(join(data, "data", "mostrador.sqlite"))).toBe(true);
    // No demo shop and no simulated devices: the empty appliance asks for its first-run wizard.
    expect(await (await fetch(`${url}/api/setup`)).json()).toEqual({ needed: true });
    const db = new Database(join(data, "data", "mostrador.sqlite"), { readonly: true });
    try {
      const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
      expect([count("terminals"), count("staff"), count("devices")]).toEqual([0, 0, 0]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("exposes to the page only the typed bridge, one function per IPC channel", async () => {
    const fake = createRequire(import.meta.url)("./test-fake-electron.cjs") as {
      calls: {
        event: string;
        key?: string;
        api?: Record<string, () => Promise<unknown>>;
        channel?: string;
      }[];
    };
    const resolveFilename = (Module as unknown as { _resolveFilename: (...a: unknown[]) => string })
      ._resolveFilename;
    const patched = Module as unknown as {
      _resolveFilename: (request: string, ...rest: unknown[]) => string;
    };
    patched._resolveFilename = (request, ...rest) =>
      request === "electron" ? join(here, "test-fake-electron.cjs") : resolveFilename(request, ...rest);
    try {
      createRequire(import.meta.url)(join(out, "desktop/electron/preload.cjs"));
    } finally {
      patched._resolveFilename = resolveFilename;
    }
    const exposed = fake.calls.filter((c) => c.event === "expose");
    expect(exposed.map((c) => c.key)).toEqual(["mostrador"]);
    const bridge = exposed[0]!.api!;
    expect(Object.keys(bridge).sort()).toEqual(Object.keys(IPC_CHANNELS).sort());
    await bridge.appVersion!();
    await bridge.listPrinters!();
    expect(fake.calls.filter((c) => c.event === "invoke").map((c) => c.channel)).toEqual([
      IPC_CHANNELS.appVersion,
      IPC_CHANNELS.listPrinters,
    ]);
  });
});

function pathToImport(path: string): string {
  return new URL(`file://${path}`).href;
}
