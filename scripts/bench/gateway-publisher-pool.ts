import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { PublisherCommand, PublisherReply, PublisherSpec } from "./gateway-publishers.js";

const CHILD = fileURLToPath(new URL("./gateway-publishers.ts", import.meta.url));

/** The publishers' child process, driven one command at a time. */
export class PublisherPool {
  readonly #child: ChildProcess;

  constructor() {
    // tsx as a loader so the child runs the TypeScript source like `npm run bench` does.
    this.#child = fork(CHILD, [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
  }

  #ask<T extends PublisherReply["type"]>(
    command: PublisherCommand,
    expect: T,
  ): Promise<Extract<PublisherReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: PublisherReply) => {
        this.#child.off("message", onMessage);
        if (message.type === expect) resolve(message as Extract<PublisherReply, { type: T }>);
        else reject(new Error(`publicadores: ${message.type === "error" ? message.message : message.type}`));
      };
      this.#child.on("message", onMessage);
      this.#child.send(command);
    });
  }

  connect(url: string, clients: PublisherSpec[]) {
    return this.#ask({ type: "connect", url, clients }, "connected");
  }

  burst(perClient: number, qos: 0 | 1) {
    return this.#ask({ type: "burst", perClient, qos }, "sent");
  }

  disconnect() {
    return this.#ask({ type: "disconnect" }, "disconnected");
  }

  close(): void {
    this.#child.disconnect();
  }
}
