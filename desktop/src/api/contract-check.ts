import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import type { TSchema } from "@sinclair/typebox";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";

/**
 * For the contract tests beside the routes: a real answer of the server must validate against the HTTP
 * contract's schema (contracts/src/http/*), and, when the domain's own value is given, be that value
 * whole, so a field the domain returns but the schema leaves out (which Fastify's serializer would drop)
 * fails here instead of vanishing from the till's screen.
 */
export function expectAnswer(schema: TSchema, res: LightMyRequestResponse, domainValue?: unknown): void {
  expect(res.statusCode, res.body).toBeLessThan(300);
  const body: unknown = res.json();
  expect(schemaErrors(schema, body)).toEqual([]);
  if (domainValue !== undefined) {
    expect(schemaErrors(schema, domainValue)).toEqual([]);
    expect(body).toEqual(JSON.parse(JSON.stringify(domainValue)));
  }
}

export { schemaErrors };
