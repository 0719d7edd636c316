import type { ChangeMessage, Row } from "@electric-sql/client";

/** Where a snapshot left the shape: the handle and offset its live changes continue from. */
export interface SnapshotEnd {
  handle: string;
  offset: string;
  /** The messages after the last batch handed over: applied with the end, in one transaction. */
  rest: ChangeMessage<Row>[];
}

export interface SnapshotReadOptions {
  /** `<cloud>/v1/shape?table=<shape>`: offset and handle are added here. */
  shapeUrl: string;
  /** With the appliance's credential (and the compact clocks header) already added. */
  fetch: typeof fetch;
  signal: AbortSignal;
  /** Change messages per batch handed to onBatch while the body is still arriving. */
  batchRows: number;
  /** A full batch, parsed as @electric-sql/client parses values; runs synchronously (an SQLite write). */
  onBatch: (messages: ChangeMessage<Row>[]) => void;
  /** The shape answered 409 mid-snapshot (Electric sends big snapshots in several answers): it starts over. */
  onRestart: () => void;
}

type Schema = Record<string, { type: string }>;
type RawMessage = { headers: Record<string, unknown>; key?: string; value?: Record<string, unknown> };

// The value parsers of @electric-sql/client's defaultParser, by Postgres type; other types stay text.
// (No shape table has array columns, the one thing of the client's parser left out.)
const PARSERS: Record<string, (v: string) => unknown> = {
  int2: Number,
  int4: Number,
  int8: BigInt,
  float4: Number,
  float8: Number,
  bool: (v) => v === "t" || v === "true",
  json: (v) => JSON.parse(v) as unknown,
  jsonb: (v) => JSON.parse(v) as unknown,
};

function parseValues(value: Record<string, unknown>, schema: Schema): Row {
  for (const column of Object.keys(value)) {
    const raw = value[column];
    const parse = PARSERS[schema[column]?.type ?? ""];
    if (parse && typeof raw === "string") value[column] = parse(raw);
  }
  return value as Row;
}

/**
 * The messages of one line of an answer. The cloud writes a snapshot one message per line
 * (`[`, `{…},` …, `]`: still one JSON array for any other reader), so each line is parsed as it
 * arrives; an answer written on one line (Electric's) is parsed whole when its line ends.
 */
function messagesOfLine(line: string): RawMessage[] {
  const text = line.trim();
  if (text === "" || text === "[" || text === "]") return [];
  if (text.startsWith("{")) return [JSON.parse(text.endsWith(",") ? text.slice(0, -1) : text) as RawMessage];
  return JSON.parse(text) as RawMessage[];
}

/**
 * Reads a shape's snapshot (offset -1, and the answers after it while it is not up-to-date) and hands
 * its change messages over in batches of `batchRows` while the body is still streaming in, so the
 * download, the parse and the apply overlap instead of running one after the other. Returns the
 * handle and offset to continue from, with the messages of the last, partial batch.
 */
export async function readSnapshot(options: SnapshotReadOptions): Promise<SnapshotEnd> {
  let offset = "-1";
  let handle: string | null = null;
  let schema: Schema = {};
  let pending: ChangeMessage<Row>[] = [];
  for (;;) {
    const url: string = `${options.shapeUrl}&offset=${encodeURIComponent(offset)}${
      handle && offset !== "-1" ? `&handle=${encodeURIComponent(handle)}` : ""
    }`;
    const res: Response = await options.fetch(url, { signal: options.signal });
    if (res.status === 409) {
      await res.body?.cancel();
      options.onRestart();
      offset = "-1";
      handle = null;
      pending = [];
      continue;
    }
    if (!res.ok || !res.body) throw new Error(`La nube respondió ${res.status} al pedir el catálogo`);
    handle = res.headers.get("electric-handle") ?? handle;
    offset = res.headers.get("electric-offset") ?? offset;
    const schemaHeader = res.headers.get("electric-schema");
    if (schemaHeader) schema = JSON.parse(schemaHeader) as Schema;
    let upToDate = res.headers.has("electric-up-to-date");

    const take = (line: string) => {
      for (const m of messagesOfLine(line)) {
        if (m.headers.control === "up-to-date") upToDate = true;
        else if (m.value && typeof m.headers.operation === "string") {
          m.value = parseValues(m.value, schema);
          pending.push(m as ChangeMessage<Row>);
        }
      }
      if (pending.length >= options.batchRows) {
        const batch = pending;
        pending = [];
        options.onBatch(batch);
      }
    };
    const decoder = new TextDecoder();
    let carry = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const text = carry + decoder.decode(chunk, { stream: true });
      const lines = text.split("\n");
      carry = lines.pop() ?? "";
      for (const line of lines) take(line);
    }
    take(carry + decoder.decode());
    if (!handle) throw new Error("La nube no dijo qué forma del catálogo mandó (falta electric-handle)");
    if (upToDate) return { handle, offset, rest: pending };
  }
}
