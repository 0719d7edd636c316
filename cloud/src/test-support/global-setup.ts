import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { PGLITE_TEMPLATES_ENV } from "../db/pglite-template.js";
import { startPostgresCluster, type PostgresClusterInfo } from "./postgres-cluster.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's throwaway PostgreSQL cluster; absent when no selected test file needs one. */
    cloudPostgres: PostgresClusterInfo | null;
  }
}

/** Test files under these folders, and any *.pg.test.ts elsewhere, talk to PostgreSQL (see createTestDatabase). */
const NEEDS_POSTGRES = /[\\/](cloud|sync)[\\/]|\.pg\.test\.ts$/;

/**
 * vitest globalSetup: ONE PostgreSQL cluster for the whole run, stopped and deleted at the end.
 * A run limited to other folders (`npx vitest run desktop/src/sales`) skips it, so the appliance's
 * developers neither wait for it nor need PostgreSQL installed.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const pgliteTemplates = withPgliteTemplates();
  // filenamePattern: the CLI filters, set before global setup runs (internal in vitest 4, hence the cast).
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const files = await project.vitest.getRelevantTestSpecifications(filters);
  if (!files.some((spec) => NEEDS_POSTGRES.test(spec.moduleId))) {
    project.provide("cloudPostgres", null);
    return pgliteTemplates;
  }
  const cluster = await startPostgresCluster();
  // If vitest dies without running teardown (Ctrl-C twice), still stop the server on exit.
  const onExit = () => cluster.stop();
  process.once("exit", onExit);
  const { stop: _stop, ...info } = cluster;
  project.provide("cloudPostgres", info);
  return () => {
    process.off("exit", onExit);
    cluster.stop();
    pgliteTemplates();
  };
}

/**
 * A folder for the run's migrated PGlite databases (db/pglite-template.ts), named in the environment the
 * workers inherit (they fork after global set-up); removed at the end. Returns the teardown.
 */
function withPgliteTemplates(): () => void {
  const folder = mkdtempSync(join(tmpdir(), "mostrador-pglite-"));
  process.env[PGLITE_TEMPLATES_ENV] = folder;
  return () => {
    delete process.env[PGLITE_TEMPLATES_ENV];
    rmSync(folder, { recursive: true, force: true });
  };
}
