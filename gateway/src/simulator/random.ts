/**
 * A seeded pseudo-random generator (mulberry32) so a simulated day is the same on every run: tests can
 * assert exact behaviour and a demo can be replayed. Not for secrets.
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Standard normal (Box–Muller): sensor noise and slow drifts. */
  normal(mean = 0, sd = 1): number {
    const u = Math.max(this.next(), Number.EPSILON);
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** True with the probability that a Poisson process of `ratePerSecond` fires within `dtSeconds`. */
  happens(ratePerSecond: number, dtSeconds: number): boolean {
    return this.next() < 1 - Math.exp(-ratePerSecond * dtSeconds);
  }
}
