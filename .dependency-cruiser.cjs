/**
 * The import rules between workspaces, written once and checked by `npm run lint` (dependency-cruiser).
 * Each workspace's README says the same in words. Every rule is an error and the tree breaks none (no
 * baseline of tolerated violations). Type-only imports count: a cycle closed by types is still a cycle
 * of knowledge.
 */
const WORKSPACES = "(contracts|platform|kernel|desktop|gateway|sync|cloud|scripts|firmware)";
const TESTS = "(\\.test\\.tsx?$|/test-support/|/test-[^/]+\\.ts$)";
/** What runs in Node beside a UI's sources: its build configuration. */
const UI_BUILD = "/vite(\\.widget)?\\.config\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "contracts-import-no-workspace",
      severity: "error",
      comment: "contracts/ is imported by every side, so it imports none of them.",
      from: { path: "^contracts/" },
      to: { path: "^(platform|kernel|desktop|gateway|sync|cloud|scripts|firmware)/" },
    },
    {
      name: "platform-imports-only-contracts",
      severity: "error",
      comment:
        "platform/ is what the appliance and the cloud both build on (error handler, validation, migration runner): it imports @mostrador/contracts and npm packages, none of the servers it serves.",
      from: { path: "^platform/" },
      to: { path: "^(kernel|desktop|gateway|sync|cloud|scripts|firmware)/" },
    },
    {
      name: "kernel-imports-no-module",
      severity: "error",
      comment:
        "kernel/ (database, migrations, outbox, bus, HTTP server, staff auth, shop settings) imports no module: only @mostrador/contracts, @mostrador/platform and npm packages.",
      from: { path: "^kernel/" },
      to: { path: "^(desktop|gateway|sync|cloud|scripts|firmware)/" },
    },
    {
      name: "modules-build-on-the-kernel-not-on-desktop",
      severity: "error",
      comment:
        "The gateway's and sync's modules build on @mostrador/kernel; only their tests may start the whole appliance (@mostrador/desktop/appliance/...), so desktop depends on them and never the reverse.",
      from: { path: "^(gateway|sync)/", pathNot: TESTS },
      to: { path: "^desktop/" },
    },
    {
      name: "cloud-imports-no-appliance",
      severity: "error",
      comment:
        "The appliance talks to the cloud only over HTTP: cloud/ imports no desktop/, gateway/, sync/ or scripts/.",
      from: { path: "^cloud/" },
      to: { path: "^(kernel|desktop|gateway|sync|scripts)/" },
    },
    {
      name: "appliance-imports-no-cloud",
      severity: "error",
      comment:
        "desktop/ and gateway/ never import cloud/; sync/ only in tests (it starts a cloud to test against).",
      from: { path: "^(kernel|desktop|gateway)/|^sync/", pathNot: TESTS },
      to: { path: "^cloud/" },
    },
    {
      name: "nothing-imports-scripts",
      severity: "error",
      comment: "scripts/ composes and measures the workspaces; none of them depends on it.",
      from: { pathNot: "^scripts/" },
      to: { path: "^scripts/" },
    },
    {
      name: "ui-imports-no-node",
      severity: "error",
      comment: "The UIs run in a browser (a tablet on the LAN): no Node built-ins.",
      from: { path: "^(desktop|cloud)/ui/", pathNot: `${TESTS}|${UI_BUILD}` },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "ui-imports-server-code-only-as-types",
      severity: "error",
      comment:
        "A UI may take types from the servers, never their code: pure shared code (money, totals, CUIT, periods, sensor kinds) moves to contracts/.",
      from: { path: "^(desktop|cloud)/ui/", pathNot: `${TESTS}|${UI_BUILD}` },
      to: {
        path: "^(platform/src|kernel/src|desktop/src|desktop/electron|gateway/src|sync/src|cloud/src)/",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "no-relative-import-across-workspaces",
      severity: "error",
      comment:
        "Another workspace is imported by its package name (@mostrador/...), declared in package.json.",
      from: { path: `^${WORKSPACES}/` },
      to: { path: `^${WORKSPACES}/`, pathNot: "^$1/", dependencyTypes: ["local"] },
    },
    {
      name: "desktop-domain-imports-no-gateway-or-sync",
      severity: "error",
      comment:
        "Only desktop/src/appliance composes the gateway and sync; domain modules meet them through the bus.",
      // The UI's imports are the UI rules' business (types only).
      from: { path: "^desktop/", pathNot: `^desktop/src/appliance/|^desktop/ui/|${TESTS}` },
      to: { path: "^(gateway|sync)/" },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycle, type-only imports included.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|\\.pio|build|\\.test-build)/|^data/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    combinedDependencies: false,
    // Workspaces import each other by package name (@mostrador/kernel/core/module): resolve those through
    // the packages' "exports" to the real files, so every rule above sees where an import really lands.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
