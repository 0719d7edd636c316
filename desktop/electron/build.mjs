// Builds the Electron shell into a tree Electron's own Node runs as is (no tsx, no TypeScript):
//   1. tsc -p electron/tsconfig.json: main.ts and everything it imports, with rootDir at the repository
//      root, so kernel/, desktop/, gateway/, sync/, contracts/ and platform/ keep their relative layout under the output;
//   2. the data files compiled code finds by relative URL: every module's SQL migrations, the built UI;
//   3. imports of workspace packages by name (`@mostrador/contracts/limits`) rewritten to the compiled
//      file's relative path: in the source tree they resolve to TypeScript through node_modules, which
//      a packaged app cannot run;
//   4. a package.json saying the tree is ESM (the compiled .js use import/export).
// Usage: node desktop/electron/build.mjs [--out <dir>] [--check]   (default out: desktop/electron/dist)
// --check: type-check only, emit nothing (`npm run typecheck`).
// --no-check: emit without type-checking (tsc --noCheck, the same JavaScript in a fifth of the time): for
// the shell's test (shell.test.ts), which checks the built tree; `npm run typecheck` checks the types.
// Where the `electron` package is not installed (npm skips it when its binary cannot be downloaded),
// its types are missing too: errors in the two files that use Electron's API are then tolerated, with a
// notice (the JavaScript is emitted all the same); any other error fails the build.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const args = process.argv.slice(2);
const out = resolve(args.includes("--out") ? args[args.indexOf("--out") + 1] : join(here, "dist"));
const checkOnly = args.includes("--check");
const skipCheck = args.includes("--no-check");
const electronInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve("electron/package.json");
    return true;
  } catch {
    return false;
  }
})();

/** Workspace package name → its folder, and how its "./*" export maps a subpath to a source file. */
function workspacePackages() {
  const root = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
  const packages = new Map();
  for (const folder of root.workspaces) {
    const manifest = JSON.parse(readFileSync(join(repo, folder, "package.json"), "utf8"));
    const pattern = manifest.exports?.["./*"];
    if (typeof pattern === "string") packages.set(manifest.name, { folder, pattern });
  }
  return packages;
}

function compile() {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const target = checkOnly ? ["--noEmit"] : ["--outDir", out, ...(skipCheck ? ["--noCheck"] : [])];
  const run = spawnSync(process.execPath, [tsc, "-p", join(here, "tsconfig.json"), ...target], {
    encoding: "utf8",
    cwd: repo,
  });
  const usesElectronApi = /^desktop\/electron\/(main\.ts|preload\.cts)\(/;
  const errors = run.stdout
    .split("\n")
    .filter((line) => /error TS\d+/.test(line))
    .filter((line) => electronInstalled || !usesElectronApi.test(line));
  if (errors.length > 0 || (run.status !== 0 && run.stdout.trim() === "")) {
    console.error(run.stdout, run.stderr);
    process.exit(1);
  }
  if (!electronInstalled)
    console.warn("Electron no está instalado: el shell se compiló sin verificar los tipos de su API.");
}

/** The `migrations/` folders of the workspaces the appliance runs (repository-relative). */
function migrationFolders() {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(join(repo, dir))) {
      const path = join(dir, name);
      if (!statSync(join(repo, path)).isDirectory() || name === "node_modules") continue;
      if (name === "migrations") found.push(path);
      else walk(path);
    }
  };
  for (const ws of ["kernel", "desktop", "gateway", "sync"]) walk(join(ws, "src"));
  return found;
}

function copyData() {
  // Every module keeps its SQL migrations in a `migrations/` folder beside its manifest.
  for (const folder of migrationFolders()) cpSync(join(repo, folder), join(out, folder), { recursive: true });
  const ui = join(repo, "desktop/ui/dist");
  if (existsSync(ui)) cpSync(ui, join(out, "desktop/ui/dist"), { recursive: true });
  else console.warn("desktop/ui/dist no existe: corré `npm run build:ui` antes de empaquetar");
}

function* compiledFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* compiledFiles(path);
    else if (/\.c?js$/.test(name)) yield path;
  }
}

function rewriteWorkspaceImports() {
  const packages = workspacePackages();
  const specifier = /(["'])(@mostrador\/[a-z-]+)\/([A-Za-z0-9_./-]+)\1/g;
  for (const file of compiledFiles(out)) {
    const text = readFileSync(file, "utf8");
    const rewritten = text.replace(specifier, (whole, quote, name, subpath) => {
      const pkg = packages.get(name);
      if (!pkg) return whole;
      const source = pkg.pattern.replace("*", subpath).replace(/\.ts$/, ".js");
      let target = relative(dirname(file), join(out, pkg.folder, source))
        .split(sep)
        .join("/");
      if (!target.startsWith(".")) target = `./${target}`;
      return `${quote}${target}${quote}`;
    });
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

compile();
if (checkOnly) process.exit(0);
copyData();
rewriteWorkspaceImports();
writeFileSync(join(out, "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`);
console.log(`Shell compilado en ${relative(process.cwd(), out) || "."}`);
