import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { electronBinaryProblem } from "./electron-binary.js";

const CHECK = fileURLToPath(new URL("./check-electron.ts", import.meta.url));
const REPO = new URL("../../", import.meta.url);

type Manifest = Partial<
  Record<"dependencies" | "devDependencies" | "optionalDependencies", Record<string, string>>
>;

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, REPO), "utf8")) as T;
}

function moduleNotFound(): never {
  throw Object.assign(new Error("Cannot find module 'electron'"), { code: "MODULE_NOT_FOUND" });
}

describe("Electron's binary for npm run desktop", () => {
  it("when npm skipped Electron, says it is not installed, that the till runs without it, and to run npm install", () => {
    const problem = electronBinaryProblem(moduleNotFound);
    expect(problem).toContain("Electron no está instalado");
    expect(problem).toContain("npm start");
    expect(problem).toMatch(/^ {2}npm install$/m);
    expect(problem).not.toContain("rebuild");
  });

  it("when the package was installed without its binary, says to download it with npm rebuild electron", () => {
    const skipped = () => {
      // What electron/index.js throws when its install script did not download (no path.txt).
      throw new Error(
        "Electron failed to install correctly, please delete node_modules/electron and try again",
      );
    };
    const problem = electronBinaryProblem(skipped);
    expect(problem).toContain("falta el binario de Electron");
    expect(problem).toContain("ELECTRON_SKIP_BINARY_DOWNLOAD");
    expect(problem).toMatch(/^ {2}npm rebuild electron$/m);
  });

  it("when the binary's file is gone, names it", () => {
    const problem = electronBinaryProblem(
      () => "/opt/nada/electron",
      () => false,
    );
    expect(problem).toContain("no existe /opt/nada/electron");
    expect(problem).toContain("npm rebuild electron");
  });

  it("has nothing to say when the binary is there", () => {
    expect(
      electronBinaryProblem(
        () => "/usr/lib/electron/electron",
        (path) => path === "/usr/lib/electron/electron",
      ),
    ).toBeNull();
  });

  it("npm run desktop's first step exits 1 with the explanation and no stack trace where the binary is absent", () => {
    // An empty folder as Electron's dist: absent whether or not this machine has the package.
    const empty = mkdtempSync(join(tmpdir(), "mostrador-no-electron-"));
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", CHECK], {
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("No se puede abrir la ventana de Mostrador");
      expect(run.stderr).toContain("npm start");
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("npm install where Electron's binary cannot be downloaded", () => {
  it("cannot fail on it: Electron is only ever an optional dependency, which npm skips when its script fails", () => {
    const root = readJson<Manifest & { workspaces: string[] }>("package.json");
    const manifests = ["package.json", ...root.workspaces.map((w) => `${w}/package.json`)];
    for (const path of manifests) {
      const manifest = readJson<Manifest>(path);
      expect(manifest.dependencies?.electron, path).toBeUndefined();
      expect(manifest.devDependencies?.electron, path).toBeUndefined();
    }
    expect(readJson<Manifest>("desktop/package.json").optionalDependencies?.electron).toBeDefined();
    const lock = readJson<{ packages: Record<string, { optional?: boolean; dev?: boolean }> }>(
      "package-lock.json",
    );
    expect(lock.packages["node_modules/electron"]).toMatchObject({ optional: true });
    expect(lock.packages["node_modules/electron"]?.dev).toBeUndefined();
  });
});
