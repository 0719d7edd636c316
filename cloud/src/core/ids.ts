import { v7 as uuidv7 } from "uuid";

/** UUIDv7: time-ordered, so primary-key indexes grow at the end like a sequence. */
export function newId(): string {
  return uuidv7();
}
