import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEV_SECRETS_KEY, SecretBox, parseSecretsKey, signToken, verifyToken } from "./secrets.js";

describe("channel secrets are sealed with AES-256-GCM", () => {
  const box = new SecretBox(randomBytes(32));

  it("a sealed secret opens with the same key and does not contain the plaintext", () => {
    const sealed = box.seal('{"token":"EAAG-secreto"}');
    expect(sealed).not.toContain("secreto");
    expect(box.open(sealed)).toBe('{"token":"EAAG-secreto"}');
  });

  it("an altered ciphertext or another key is refused", () => {
    const sealed = box.seal("clave");
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([parts[0], parts[1], parts[2], flipped.toString("base64url")].join("."))).toThrow();
    expect(() => new SecretBox(DEV_SECRETS_KEY).open(sealed)).toThrow();
  });

  it("CLOUD_SECRETS_KEY is read as hex or base64 of 32 bytes, anything else refused", () => {
    const key = randomBytes(32);
    expect(parseSecretsKey(key.toString("hex")).equals(key)).toBe(true);
    expect(parseSecretsKey(key.toString("base64")).equals(key)).toBe(true);
    expect(() => parseSecretsKey("corta")).toThrow(/32 bytes/);
  });
});

describe("signed tokens", () => {
  const key = randomBytes(32);
  it("verify with their key and not after a change", () => {
    const token = signToken(key, { t: "a", c: "b" });
    expect(verifyToken(key, token)).toEqual({ t: "a", c: "b" });
    expect(verifyToken(randomBytes(32), token)).toBeNull();
    expect(verifyToken(key, token.slice(0, -2) + "AA")).toBeNull();
    expect(verifyToken(key, "basura")).toBeNull();
  });
});
