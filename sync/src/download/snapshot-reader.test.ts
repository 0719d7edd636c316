import type { ChangeMessage, Row } from "@electric-sql/client";
import { describe, expect, it } from "vitest";
import { readSnapshot } from "./snapshot-reader.js";

const SCHEMA = JSON.stringify({
  id: { type: "uuid", pk_index: 0 },
  price: { type: "int8" },
  active: { type: "bool" },
  barcodes: { type: "jsonb" },
});
const row = (i: number) => ({
  headers: { operation: "insert" },
  key: `"public"."products"/"p${i}"`,
  value: { id: `p${i}`, price: String(100 + i), active: "t", barcodes: `["779${i}"]` },
});
const upToDate = { headers: { control: "up-to-date", global_last_seen_lsn: "42" } };

/** A body sent in chunks of `size` bytes, cut anywhere (mid-line, mid-character). */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

type Answer = { status?: number; headers?: Record<string, string>; body: string };
function fakeShape(answers: Answer[]) {
  const urls: string[] = [];
  const fetchFn: typeof fetch = async (input) => {
    urls.push(String(input));
    const a = answers.shift()!;
    return new Response(chunked(a.body, 7), { status: a.status ?? 200, headers: a.headers ?? {} });
  };
  return { urls, fetch: fetchFn };
}

const read = (shape: ReturnType<typeof fakeShape>, batchRows = 2) => {
  const batches: ChangeMessage<Row>[][] = [];
  let restarts = 0;
  const done = readSnapshot({
    shapeUrl: "http://nube/v1/shape?table=products",
    fetch: shape.fetch,
    signal: new AbortController().signal,
    batchRows,
    onBatch: (m) => batches.push(m),
    onRestart: () => restarts++,
  });
  return { done, batches, restarts: () => restarts };
};

describe("reading a shape's snapshot while it streams in", () => {
  it("hands over full batches line by line, values parsed as @electric-sql/client parses them", async () => {
    const lines = [row(1), row(2), row(3), row(4), row(5), upToDate].map((m) => JSON.stringify(m));
    const shape = fakeShape([
      {
        headers: { "electric-handle": "h-1", "electric-offset": "42_0", "electric-schema": SCHEMA },
        body: `[\n${lines.join(",\n")}\n]`,
      },
    ]);
    const r = read(shape);
    const end = await r.done;
    expect(r.batches.map((b) => b.map((m) => m.value.id))).toEqual([
      ["p1", "p2"],
      ["p3", "p4"],
    ]);
    expect(end).toMatchObject({ handle: "h-1", offset: "42_0" });
    expect(end.rest.map((m) => m.value)).toEqual([
      { id: "p5", price: 105n, active: true, barcodes: ["7795"] },
    ]);
    expect(shape.urls).toEqual(["http://nube/v1/shape?table=products&offset=-1"]);
  });

  it("follows a snapshot sent in several answers on one line each (Electric's), starting over on 409", async () => {
    const shape = fakeShape([
      {
        headers: { "electric-handle": "h-1", "electric-offset": "0_0", "electric-schema": SCHEMA },
        body: JSON.stringify([row(1)]),
      },
      {
        status: 409,
        headers: { "electric-handle": "h-2" },
        body: '[{"headers":{"control":"must-refetch"}}]',
      },
      {
        headers: { "electric-handle": "h-2", "electric-offset": "0_0", "electric-schema": SCHEMA },
        body: JSON.stringify([row(1), row(2)]),
      },
      {
        headers: { "electric-handle": "h-2", "electric-offset": "7_0", "electric-up-to-date": "" },
        body: JSON.stringify([row(3), upToDate]),
      },
    ]);
    const r = read(shape, 100);
    const end = await r.done;
    expect(r.restarts()).toBe(1);
    expect(end).toMatchObject({ handle: "h-2", offset: "7_0" });
    expect(end.rest.map((m) => m.value.id)).toEqual(["p1", "p2", "p3"]);
    expect(end.rest[2]!.value.price).toBe(103n);
    expect(shape.urls.slice(1)).toEqual([
      "http://nube/v1/shape?table=products&offset=0_0&handle=h-1",
      "http://nube/v1/shape?table=products&offset=-1",
      "http://nube/v1/shape?table=products&offset=0_0&handle=h-2",
    ]);
  });

  it("fails with the cloud's status when it refuses, handing nothing over", async () => {
    const r = read(fakeShape([{ status: 401, body: '{"error":{}}' }]));
    await expect(r.done).rejects.toThrow("La nube respondió 401 al pedir el catálogo");
    expect(r.batches).toEqual([]);
  });
});
