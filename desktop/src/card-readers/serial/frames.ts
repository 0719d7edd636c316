/**
 * What a serial reader's bytes become: a UID's raw text (or bytes), a line of the sketch's chatter to ignore,
 * or garbage, with why. Decoders keep what a chunk left unfinished (a serial port hands over bytes in
 * arbitrary pieces) and never grow without bound: a reader that sends no line end is garbage, not memory.
 */
export type Frame =
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: number[] }
  | { kind: "chatter" }
  | { kind: "garbage"; reason: string };

export interface FrameDecoder {
  push(chunk: Uint8Array): Frame[];
}

/** Longest line a reader sketch prints ("  UID Value: 0x04 0xA3 … " for 10 bytes is under 80). */
export const MAX_LINE = 128;

// A UID line of the MFRC522 library's examples ("Card UID: 04 A3 2B 1C", "Tag UID:"), of Adafruit's PN532
// examples ("UID Value: 0x4 0xA3 0x2B 0x1C"), or of sketches printing "UID: 04:A3:2B:1C".
const LABELLED = /^(?:card\s+|tag\s+)?uid(?:\s+value)?\s*[:=]\s*(.+)$/i;
// A bare UID line ("04A32B1C", "04 A3 2B 1C"), as many small sketches print it.
const BARE = /^(?:0x)?[0-9a-f]{1,2}(?:[\s:-]+(?:0x)?[0-9a-f]{1,2}){3,}$|^[0-9a-f]{8,20}$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/;

/**
 * MFRC522 and PN532 sketches: text lines ending in LF or CR LF. Lines that are not a UID ("Hello!",
 * "UID Length: 4 bytes", "Waiting for an ISO14443A card") are chatter; bytes that are not text are garbage.
 */
export class LineDecoder implements FrameDecoder {
  #pending = "";
  readonly #decoder = new TextDecoder("utf-8", { fatal: false });

  push(chunk: Uint8Array): Frame[] {
    this.#pending += this.#decoder.decode(chunk, { stream: true });
    const frames: Frame[] = [];
    let end: number;
    while ((end = this.#pending.search(/[\r\n]/)) !== -1) {
      const line = this.#pending.slice(0, end);
      this.#pending = this.#pending.slice(end + 1);
      if (line.trim() !== "") frames.push(readLine(line));
    }
    if (this.#pending.length > MAX_LINE) {
      this.#pending = "";
      frames.push({ kind: "garbage", reason: `línea de más de ${MAX_LINE} caracteres sin fin de línea` });
    }
    return frames;
  }
}

function readLine(line: string): Frame {
  if (CONTROL.test(line)) return { kind: "garbage", reason: "bytes de control o no imprimibles" };
  if (line.length > MAX_LINE) return { kind: "garbage", reason: `línea de más de ${MAX_LINE} caracteres` };
  const text = line.trim();
  const labelled = LABELLED.exec(text);
  if (labelled) return { kind: "text", text: labelled[1] ?? "" };
  if (BARE.test(text)) return { kind: "text", text };
  return { kind: "chatter" };
}

const STX = 0x02;
const ETX = 0x03;
/** 10 ASCII hex digits of data (5 bytes) and 2 of checksum. */
const EM4100_BODY = 12;

/**
 * EM4100 125 kHz modules (RDM6300 style, 9600 8N1): STX, 10 ASCII hex digits (5 data bytes), 2 ASCII hex
 * digits of checksum (the XOR of the 5 data bytes), ETX. Some modules add CR LF before ETX: tolerated.
 * Bytes outside a frame, a frame cut short by a new STX, bad digits and a wrong checksum are garbage.
 */
export class Em4100Decoder implements FrameDecoder {
  #frame: number[] | null = null;
  #stray = 0;

  push(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    for (const byte of chunk) {
      if (byte === STX) {
        if (this.#frame)
          frames.push({ kind: "garbage", reason: "trama EM4100 cortada (llegó otro inicio 0x02)" });
        this.#flushStray(frames);
        this.#frame = [];
      } else if (!this.#frame) {
        this.#stray++;
      } else if (byte === ETX) {
        frames.push(readEm4100(this.#frame));
        this.#frame = null;
      } else if (byte !== 0x0d && byte !== 0x0a) {
        this.#frame.push(byte);
        if (this.#frame.length > EM4100_BODY) {
          frames.push({ kind: "garbage", reason: "trama EM4100 demasiado larga (falta el fin 0x03)" });
          this.#frame = null;
        }
      }
    }
    // Stray bytes are reported once per chunk, so a flood of them counts as a flood, not one long frame.
    this.#flushStray(frames);
    return frames;
  }

  #flushStray(frames: Frame[]): void {
    if (this.#stray === 0) return;
    frames.push({ kind: "garbage", reason: `${this.#stray} byte(s) fuera de una trama EM4100` });
    this.#stray = 0;
  }
}

function readEm4100(body: number[]): Frame {
  const text = String.fromCharCode(...body);
  if (body.length !== EM4100_BODY || !/^[0-9A-Fa-f]{12}$/.test(text))
    return {
      kind: "garbage",
      reason: "trama EM4100 con dígitos que no son hexadecimales o de largo incorrecto",
    };
  const bytes = text.match(/../g)!.map((pair) => parseInt(pair, 16));
  const data = bytes.slice(0, 5);
  const checksum = bytes[5];
  const xor = data.reduce((a, b) => a ^ b, 0);
  if (xor !== checksum)
    return {
      kind: "garbage",
      reason: `trama EM4100 con checksum incorrecto (llegó ${hex(checksum ?? 0)}, el XOR de los datos es ${hex(xor)})`,
    };
  return { kind: "bytes", bytes: data };
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");

export function decoderFor(format: "mfrc522" | "pn532" | "em4100"): FrameDecoder {
  return format === "em4100" ? new Em4100Decoder() : new LineDecoder();
}
