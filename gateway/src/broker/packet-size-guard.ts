import { Duplex } from "node:stream";

/**
 * Largest MQTT packet accepted from any client, before Aedes parses it. Our payloads are capped at 1 KiB
 * by the topic policy, but that check runs only after mqtt-packet has buffered the whole packet — up to the
 * protocol's 256 MB, even before CONNECT is authenticated. Reading the declared length first lets a hostile
 * client on the LAN cost us at most this much memory.
 */
export const MAX_MQTT_PACKET_BYTES = 16 * 1024;

/**
 * Tracks MQTT fixed headers across chunks: one type byte, then the "remaining length" as a variable-length
 * integer of 1–4 bytes, 7 bits each, high bit = more follows [MQTT-2.2.3]. Returns false when a packet
 * declares more than `max` bytes or the length encoding is malformed.
 */
export class PacketLengthScanner {
  #state: "type" | "length" | "body" = "type";
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;
  #bodyLeft = 0;

  constructor(private readonly max: number) {}

  accept(chunk: Uint8Array): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.#state === "body") {
        const take = Math.min(this.#bodyLeft, chunk.length - i);
        this.#bodyLeft -= take;
        i += take;
        if (this.#bodyLeft === 0) this.#state = "type";
        continue;
      }
      const byte = chunk[i++] as number;
      if (this.#state === "type") {
        this.#state = "length";
        this.#length = 0;
        this.#multiplier = 1;
        this.#lengthBytes = 0;
        continue;
      }
      this.#length += (byte & 0x7f) * this.#multiplier;
      this.#multiplier *= 128;
      this.#lengthBytes++;
      if (this.#length > this.max) return false;
      if (byte & 0x80) {
        if (this.#lengthBytes === 4) return false; // [MQTT-2.2.3] at most four length bytes
        continue;
      }
      this.#bodyLeft = this.#length;
      this.#state = this.#bodyLeft === 0 ? "type" : "body";
    }
    return true;
  }
}

/**
 * Wraps a client's stream so every packet's declared length is checked before Aedes sees its bytes.
 * An oversized or malformed length destroys the connection and calls `onRefused`; writes pass through.
 */
export function guardPacketSize(inner: Duplex, onRefused: () => void, max = MAX_MQTT_PACKET_BYTES): Duplex {
  const scanner = new PacketLengthScanner(max);
  const outer = new Duplex({
    read() {
      inner.resume();
    },
    write(chunk, encoding, callback) {
      inner.write(chunk, encoding, callback);
    },
    // Aedes writes many small packets (a PUBACK per QoS 1 message); batch them into one socket write.
    writev(chunks, callback) {
      inner.cork();
      for (const { chunk, encoding } of chunks) inner.write(chunk, encoding);
      inner.uncork();
      inner.write(Buffer.alloc(0), callback);
    },
    final(callback) {
      inner.end();
      callback();
    },
    destroy(err, callback) {
      inner.destroy();
      callback(err);
    },
  });
  inner.on("data", (chunk: Buffer) => {
    if (!scanner.accept(chunk)) {
      onRefused();
      inner.destroy();
      outer.destroy();
      return;
    }
    if (!outer.push(chunk)) inner.pause();
  });
  inner.on("end", () => outer.push(null));
  inner.on("close", () => outer.destroy());
  inner.on("error", () => outer.destroy());
  // Aedes reads the peer's address from its connection for logs and the per-address connect limit.
  Object.defineProperty(outer, "remoteAddress", {
    get: () => (inner as { remoteAddress?: string }).remoteAddress,
  });
  return outer;
}
