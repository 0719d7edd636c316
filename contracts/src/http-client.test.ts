import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createApiClient, query } from "./http-client.js";

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

/** A real HTTP server whose answer each test sets, recording what the client sent. */
let server: Server;
let base = "";
let answer: { status: number; type: string; body: string } = {
  status: 200,
  type: "application/json",
  body: "{}",
};
const seen: Seen[] = [];

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => resolve(body));
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body,
      });
      res.writeHead(answer.status, { "content-type": answer.type }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const words = {
  unreachable: "Sin conexión con la nube",
  statusOnly: (status: number) => `Error ${status} de la nube`,
};

describe("the UIs' API client", () => {
  it("sends the session's token and JSON, and returns the parsed answer", async () => {
    const client = createApiClient(words);
    client.setToken("t0k3n");
    answer = { status: 200, type: "application/json", body: '{"total":549000000}' };
    await expect(client.patch<{ total: number }>(`${base}/v1/x`, { name: "Pan" })).resolves.toEqual({
      total: 549_000_000,
    });
    expect(seen.at(-1)).toMatchObject({
      method: "PATCH",
      authorization: "Bearer t0k3n",
      contentType: "application/json",
      body: '{"name":"Pan"}',
    });
  });

  it("sends {} for a POST without input and no body for a GET", async () => {
    const client = createApiClient(words);
    answer = { status: 200, type: "application/json", body: "null" };
    await client.post(`${base}/api/cash/close`);
    expect(seen.at(-1)).toMatchObject({ method: "POST", body: "{}", contentType: "application/json" });
    await client.get(`${base}/api/products`);
    expect(seen.at(-1)).toMatchObject({
      method: "GET",
      body: "",
      contentType: undefined,
      authorization: undefined,
    });
  });

  it("turns the error envelope into an ApiError with the server's sentence and details", async () => {
    const client = createApiClient(words);
    answer = {
      status: 401,
      type: "application/json",
      body: JSON.stringify({
        error: { code: "wrong_pin", message: "PIN incorrecto", details: { attemptsLeft: 2 } },
      }),
    };
    const error = await client.post(`${base}/api/login`, { pin: "0000" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      code: "wrong_pin",
      message: "PIN incorrecto",
      details: { attemptsLeft: 2 },
    });
  });

  it("says the status in its own words when the error has no envelope (a proxy's HTML page)", async () => {
    const client = createApiClient(words);
    answer = { status: 502, type: "text/html", body: "<h1>Bad gateway</h1>" };
    await expect(client.get(`${base}/v1/sales`)).rejects.toMatchObject({
      status: 502,
      code: "http_502",
      message: "Error 502 de la nube",
    });
  });

  it("reports no answer at all as a network error, status 0", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await createApiClient(words)
      .get(`http://127.0.0.1:${port}/v1/sales`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 0,
      code: "network",
      message: "Sin conexión con la nube",
      isNetwork: true,
    });
  });

  it("sends the person back to login only when the session is gone, not on a wrong PIN", async () => {
    const client = createApiClient(words);
    let loggedOut = 0;
    client.setUnauthorizedHandler(() => loggedOut++);
    answer = {
      status: 401,
      type: "application/json",
      body: '{"error":{"code":"wrong_pin","message":"PIN incorrecto"}}',
    };
    await client.get(`${base}/a`).catch(() => undefined);
    expect(loggedOut).toBe(0);
    answer = {
      status: 401,
      type: "application/json",
      body: '{"error":{"code":"not_logged_in","message":"Sesión vencida"}}',
    };
    await client.get(`${base}/a`).catch(() => undefined);
    expect(loggedOut).toBe(1);
  });
});

describe("query strings", () => {
  it("keep only the defined, non-empty entries", () => {
    expect(query({ q: "pan dulce", page: 2, open: false, store: undefined, day: null, code: "" })).toBe(
      "?q=pan+dulce&page=2&open=false",
    );
    expect(query({ q: undefined })).toBe("");
  });
});
