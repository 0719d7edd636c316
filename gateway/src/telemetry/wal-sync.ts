import { close, fsync, open } from "node:fs";
import type { Db } from "@mostrador/kernel/db/open";

/** PRAGMA synchronous values (https://sqlite.org/pragma.html#pragma_synchronous). */
const SYNC_NORMAL = 1;

/**
 * Commits telemetry without waiting for the disk on the broker's thread, then makes it durable on libuv's
 * thread pool (group commit).
 *
 * The appliance's connection runs synchronous=FULL: each commit fsyncs the WAL, about 5 ms on this
 * machine's disk, during which the broker handles no MQTT at all. For a telemetry flush only, the
 * connection drops to NORMAL (in WAL mode: the commit appends to the WAL and returns; atomicity is the
 * same, only the fsync is skipped, https://sqlite.org/wal.html#performance_considerations), and the WAL
 * file is then fsynced asynchronously with fs.fsync. Flushes that land while one fsync runs share the
 * next one. A power cut can lose only readings committed in the last few milliseconds, whole flushes
 * at a time, never half of one; the till's own commits stay FULL and their fsync covers every earlier
 * WAL frame, telemetry included.
 *
 * Why not a worker thread with its own connection: a second writer on the file makes the till's
 * deferred transactions that read before they write fail at once with SQLITE_BUSY (the busy handler is
 * not called when upgrading a read transaction), so a cash movement could fail during a burst.
 */
export class WalSync {
  readonly #db: Db;
  #fd: number | null = null;
  #running = false;
  #again = false;
  #idle: (() => void)[] = [];
  /** Completed fsyncs of the WAL (tests, stats). */
  syncs = 0;

  constructor(
    db: Db,
    private readonly onError: (error: unknown) => void,
  ) {
    this.#db = db;
  }

  /**
   * Runs `write` (one transaction) without the commit's fsync, then schedules the WAL's fsync. Inside an
   * outer transaction (SQLite refuses to change the safety level there) or on a connection that does not
   * fsync anyway, it just runs `write`.
   */
  commit(write: () => void): void {
    if (this.#db.inTransaction || this.#db.memory) return write();
    // db.pragma() prepares afresh on purpose: SQLite applies "PRAGMA synchronous = n" when the statement
    // is compiled, so a cached statement run a second time may not change the level at all.
    const previous = this.#db.pragma("synchronous", { simple: true }) as number;
    if (previous <= SYNC_NORMAL) return write();
    this.#db.pragma(`synchronous = ${SYNC_NORMAL}`);
    try {
      write();
    } finally {
      // `previous` comes from SQLite itself (0–3), never from input.
      this.#db.pragma(`synchronous = ${previous}`);
    }
    this.#schedule();
  }

  /** Resolves once every commit made so far is on disk. */
  drain(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Closes the WAL file handle; call after drain(), before the database closes. */
  close(): void {
    if (this.#fd !== null) close(this.#fd, () => {});
    this.#fd = null;
  }

  #schedule(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.#again = false;
    const done = (error: NodeJS.ErrnoException | null) => {
      if (error) this.onError(error);
      else this.syncs++;
      if (this.#again) {
        this.#again = false;
        return this.#sync(done);
      }
      this.#running = false;
      for (const resolve of this.#idle.splice(0)) resolve();
    };
    this.#sync(done);
  }

  #sync(done: (error: NodeJS.ErrnoException | null) => void): void {
    if (this.#fd !== null) return fsync(this.#fd, done);
    // The WAL exists while the connection is open (SQLite removes it when the last one closes).
    open(`${this.#db.name}-wal`, "r", (error, fd) => {
      if (error) return done(error);
      this.#fd = fd;
      fsync(fd, done);
    });
  }
}
