import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // better-sqlite3 is a native addon: forks isolate it per file and keep kill -9 tests honest.
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // One throwaway PostgreSQL 15 cluster per run for cloud/ and sync/ tests (skipped when none is selected).
    globalSetup: ["cloud/src/test-support/global-setup.ts"],
  },
});
