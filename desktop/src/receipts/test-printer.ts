import { createServer, type Server } from "node:net";

/** A stand-in for a network receipt printer on port 9100: a real TCP listener that keeps every byte it gets. */
export interface FakePrinter {
  port: number;
  uri: string;
  /** Resolves with the bytes of the next print job once the sender closes the connection. */
  nextJob(): Promise<Buffer>;
  /** Every job received so far, in order. */
  jobs: Buffer[];
  close(): Promise<void>;
}

export async function startFakePrinter(): Promise<FakePrinter> {
  const jobs: Buffer[] = [];
  const queue: Buffer[] = [];
  const waiting: ((b: Buffer) => void)[] = [];
  const server: Server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("close", () => {
      const job = Buffer.concat(chunks);
      if (job.length === 0) return; // a status probe connects and leaves without printing
      jobs.push(job);
      const waiter = waiting.shift();
      if (waiter) waiter(job);
      else queue.push(job);
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    uri: `tcp://127.0.0.1:${port}`,
    jobs,
    nextJob: () => {
      const done = queue.shift();
      return done ? Promise.resolve(done) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A TCP port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 1;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
