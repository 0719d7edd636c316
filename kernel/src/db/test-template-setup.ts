import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

/**
 * vitest globalSetup: one temp folder per run for the migrated template databases test helpers copy
 * (kernel/src/db/test-template.ts), deleted when the run ends so a changed migration never meets an old
 * template (the templates are keyed by the migrations' sha256 as well).
 */
export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(join(tmpdir(), "mostrador-templates-"));
  project.provide("sqliteTemplates", folder);
  return () => rmSync(folder, { recursive: true, force: true });
}
