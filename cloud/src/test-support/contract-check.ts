import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import type { TSchema } from "@sinclair/typebox";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";

/**
 * For the contract tests beside the cloud's routes: a real answer must have the expected status and
 * validate against the HTTP contract's schema (contracts/src/http/*); when the domain's own value is
 * given, the answer must be that value whole, so a field the domain returns but the schema leaves out
 * (which Fastify's serializer would drop) fails here instead of vanishing from the dashboard.
 */
export function expectAnswer(
  schema: TSchema,
  res: LightMyRequestResponse,
  status: number,
  domainValue?: unknown,
): void {
  expect(res.statusCode, res.body).toBe(status);
  const body: unknown = res.json();
  expect(schemaErrors(schema, body)).toEqual([]);
  if (domainValue !== undefined) {
    expect(schemaErrors(schema, domainValue)).toEqual([]);
    expect(body).toEqual(JSON.parse(JSON.stringify(domainValue)));
  }
}
