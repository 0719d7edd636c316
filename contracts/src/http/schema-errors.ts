import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

/**
 * Where a value disagrees with an HTTP contract schema, one line per mismatch ("/lines/0/unit: Expected
 * union value"), for the tests that hold each side's real answers against the contract.
 */
export function schemaErrors(schema: TSchema, value: unknown): string[] {
  return [...Value.Errors(schema, value)].map((e) => `${e.path || "/"}: ${e.message}`);
}
