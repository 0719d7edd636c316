import type { Db } from "../../../desktop/src/db/open.js";

type Listener = () => void;
const listeners = new WeakMap<Db, Set<Listener>>();

/**
 * The broker keeps devices in memory (its hot path reads no SQLite); it learns of registry writes here.
 * Keyed by database handle, so two appliances in one process (tests) never hear each other.
 */
export function onDevicesChanged(db: Db, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** Called by the registry after a write commits. */
export function devicesChanged(db: Db): void {
  for (const listener of listeners.get(db) ?? []) listener();
}
