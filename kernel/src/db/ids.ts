import { v7 as uuidv7 } from "uuid";

/** UUIDv7, created where the record is born: time-ordered, and offline records never collide. */
export function newId(): string {
  return uuidv7();
}
