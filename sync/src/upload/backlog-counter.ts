import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

/**
 * The outbox's backlog (rows after a seq) as one drain pass moves through it. A fresh `count(*)` per
 * batch walks every row still queued, so draining 100,000 ops in batches of 500 read 10 million rows (quadratic:
 * 5 s of the drain's CPU). This counts the whole backlog once, then only what changed since: the rows
 * the drain moved past and the rows written after its last look. Exact, because outbox rows after the
 * acknowledged seq are only ever added (retention deletes acknowledged rows only), and each count reads
 * its rows and the new top seq in one statement. One counter per pass: nothing is trusted across passes.
 */
export class BacklogCounter {
  readonly #db: Db;
  #after = -1;
  #top = 0;
  #count = 0;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Outbox rows with seq > afterSeq right now. */
  after(afterSeq: number): number {
    if (this.#after < 0 || afterSeq < this.#after) {
      const all = this.#countAbove(afterSeq);
      this.#count = all.n;
      this.#top = all.top ?? afterSeq;
    } else {
      const added = this.#countAbove(this.#top);
      this.#count += added.n;
      this.#top = added.top ?? this.#top;
      this.#count -= (
        stmt(this.#db, "SELECT count(*) AS n FROM outbox WHERE seq > ? AND seq <= ?").get(
          this.#after,
          afterSeq,
        ) as { n: number }
      ).n;
    }
    this.#after = afterSeq;
    return this.#count;
  }

  #countAbove(seq: number): { n: number; top: number | null } {
    return stmt(this.#db, "SELECT count(*) AS n, max(seq) AS top FROM outbox WHERE seq > ?").get(seq) as {
      n: number;
      top: number | null;
    };
  }
}
