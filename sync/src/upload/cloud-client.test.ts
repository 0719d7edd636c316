import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postToCloud } from "./cloud-client.js";

/** A real HTTP server standing in for the cloud: each test sets what it answers. */
let server: Server;
let url = "";
let answer = { status: 200, type: "application/json", body: "{}" };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(answer.status, { "content-type": answer.type }).end(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/ingest`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = () => postToCloud(fetch, url, "{}", "t0k3n", 5_000);

describe("what the drainer hears back from the cloud", () => {
  it("passes an accepted answer's body through", async () => {
    answer = { status: 200, type: "application/json", body: '{"accepted":3}' };
    await expect(post()).resolves.toEqual({ kind: "ok", status: 200, body: { accepted: 3 } });
  });

  it("reads a refusal's code and Spanish sentence from the error envelope", async () => {
    answer = {
      status: 401,
      type: "application/json",
      body: '{"error":{"code":"appliance_revoked","message":"Esta caja fue dada de baja"}}',
    };
    await expect(post()).resolves.toMatchObject({
      kind: "http",
      status: 401,
      code: "appliance_revoked",
      message: "Esta caja fue dada de baja",
    });
  });

  it("names by its status an answer that is not the envelope: a proxy's page or a malformed error", async () => {
    for (const body of [
      "<h1>Bad gateway</h1>",
      '{"error":{"code":5,"message":null}}',
      '{"error":"boom"}',
      "",
    ]) {
      answer = { status: 502, type: "text/html", body };
      await expect(post(), body).resolves.toMatchObject({
        kind: "http",
        status: 502,
        code: "http_502",
        message: "La nube respondió 502",
      });
    }
  });

  it("reports a cloud it cannot reach as a network failure, never a throw", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = await postToCloud(fetch, `http://127.0.0.1:${port}/v1/ingest`, "{}", null, 5_000);
    expect(outcome).toMatchObject({
      kind: "network",
      message: expect.stringMatching(/^No se pudo conectar con la nube/),
    });
  });
});
