import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** The raw body. */
  text: string;
}

export interface FakeAnswer {
  status: number;
  /** JSON-encoded unless `html` or `raw` is given. */
  body?: unknown;
  html?: string;
  raw?: string;
  headers?: Record<string, string>;
}

/** A real HTTP server on 127.0.0.1 for a fake channel API; every call is kept in `calls`. */
export async function startFakeServer(
  handle: (call: FakeCall) => FakeAnswer,
): Promise<{ url: string; calls: FakeCall[]; close(): Promise<void> }> {
  const calls: FakeCall[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const call: FakeCall = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        text: Buffer.concat(chunks).toString("utf8"),
      };
      calls.push(call);
      let answer: FakeAnswer;
      try {
        answer = handle(call);
      } catch (err) {
        answer = { status: 500, body: { message: String(err) } };
      }
      const type = answer.html !== undefined ? "text/html; charset=utf-8" : "application/json";
      const payload =
        answer.html ?? answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
      res.writeHead(answer.status, { "content-type": type, ...answer.headers }).end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A failure the fake answers to the next matching API call (a 500, a 429 with Retry-After, nonsense). */
export interface ScriptedFailure {
  status: number;
  retryAfter?: number;
  raw?: string;
  body?: unknown;
}

export function failureAnswer(f: ScriptedFailure): FakeAnswer {
  return {
    status: f.status,
    ...(f.raw !== undefined ? { raw: f.raw } : { body: f.body ?? { message: "Internal Server Error" } }),
    ...(f.retryAfter !== undefined ? { headers: { "retry-after": String(f.retryAfter) } } : {}),
  };
}

/** The authorize page both channels serve: the seller clicks "Autorizar" and goes back with a code. */
export function authorizePage(appName: string, back: string): string {
  return `<!doctype html><html lang="es"><body><h1>${appName} quiere acceder a tu cuenta</h1>
<a id="autorizar" href="${back.replace(/&/g, "&amp;")}">Autorizar</a></body></html>`;
}

/** The href of the page's "Autorizar" link. */
export const authorizeLinkOf = (html: string): string =>
  (/id="autorizar" href="([^"]+)"/.exec(html)?.[1] ?? "").replace(/&amp;/g, "&");
