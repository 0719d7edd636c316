import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  /** The request target as sent, query string included. */
  path: string;
  /** The query string's parameters. */
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: unknown;
}

/** A real HTTP server on 127.0.0.1 for a fake third party: JSON in, the handler's JSON out. */
export async function startJsonServer(
  handle: (req: FakeRequest) => { status: number; body: unknown },
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const path = req.url ?? "";
      const query = new URL(path, "http://fake").searchParams;
      const answer = handle({ method: req.method ?? "", path, query, headers: req.headers, body });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
