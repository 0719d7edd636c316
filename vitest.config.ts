import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // better-sqlite3 is a native addon: forks keep it out of Vitest's own process, and the kill -9 tests
    // kill child processes they spawn, never a worker.
    pool: "forks",
    // Test files in one worker share its module cache: each file used to import the appliance's or the
    // cloud's whole module graph afresh (2.6 s a file: 1,220 s of import in a 1,726 s run, measured per
    // file with Vitest's import durations), now paid once per worker; the whole suite went from 1,726 s
    // to 749 s on the same machine. Every file still opens its own databases, brokers, servers and
    // clocks and closes them in its after hooks; what modules keep between files is caches (formatters,
    // prepared statements, compiled schemas), registries filled at import, and test-only counters.
    isolate: false,
    // Vitest's default in a run is one worker fewer than the cores: ONE on the 2-core CI machine. Two
    // overlap the files that mostly wait (Chromium, PostgreSQL, child processes): measured 909 s against
    // 1030 s for the whole suite on the same loaded machine.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // How long expect.poll waits for a screen to catch up (1 s by default): a browser round trip on a
    // loaded 2-core machine can take longer. A wait bound, not a speed assertion.
    expect: { poll: { timeout: 5_000 } },
    // In order: the run's temporary files in RAM (TMPDIR, scripts/test-run/ram-tmpdir.ts); one throwaway
    // PostgreSQL 15 cluster per run for cloud/ and sync/ tests (skipped when none is selected), whose
    // databases are copies of one migrated template; one folder per run for the migrated SQLite templates
    // every appliance test database starts as a copy of (kernel/src/db/test-template.ts).
    globalSetup: [
      "scripts/test-run/ram-tmpdir.ts",
      "cloud/src/test-support/global-setup.ts",
      "kernel/src/db/test-template-setup.ts",
    ],
    // In every test file: token scrypt cost for passwords and PINs (scripts/test-run/cheap-hashing.ts).
    setupFiles: ["scripts/test-run/cheap-hashing.ts"],
  },
});
