import type { TSchema } from "@sinclair/typebox";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { schemaErrors } from "./schema-errors.js";

/**
 * For the contract tests beside every server's routes (the appliance's, the gateway's, the cloud's): a
 * real answer must have the expected status (any 2xx when none is given) and validate against its HTTP
 * contract's schema (contracts/src/http/*); when the domain's own value is given, the answer must be that
 * value whole, so a field the domain returns but the schema leaves out (which Fastify's serializer would
 * drop) fails here instead of vanishing from a screen.
 */
export function expectAnswer(schema: TSchema, res: LightMyRequestResponse, domainValue?: object): void;
export function expectAnswer(
  schema: TSchema,
  res: LightMyRequestResponse,
  status: number,
  domainValue?: unknown,
): void;
export function expectAnswer(
  schema: TSchema,
  res: LightMyRequestResponse,
  statusOrValue?: unknown,
  value?: unknown,
): void {
  const status = typeof statusOrValue === "number" ? statusOrValue : undefined;
  const domainValue = typeof statusOrValue === "number" ? value : statusOrValue;
  if (status === undefined) expect(res.statusCode, res.body).toBeLessThan(300);
  else expect(res.statusCode, res.body).toBe(status);
  const body: unknown = res.json();
  expect(schemaErrors(schema, body)).toEqual([]);
  if (domainValue !== undefined) {
    expect(schemaErrors(schema, domainValue)).toEqual([]);
    expect(body).toEqual(JSON.parse(JSON.stringify(domainValue)));
  }
}
