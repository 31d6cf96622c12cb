/**
 * A small seeded random source, so that a city is the same every time it is generated from the same
 * seed: each order draws from a stream of its own (seed, order number), whichever process generates it.
 */

/** mulberry32: fast, 32-bit state, good enough for synthetic data (not for anything secret). */
export class Random {
  private state: number;

  constructor(...seeds: number[]) {
    // Mix the seeds into one 32-bit state (FNV-1a over their 32-bit words).
    let h = 0x811c9dc5;
    for (const s of seeds) {
      h = Math.imul(h ^ (s >>> 0), 0x01000193);
      h = Math.imul(h ^ Math.floor(s / 2 ** 32), 0x01000193);
    }
    this.state = h >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, maxInclusive: number): number {
    return Math.floor(this.between(min, maxInclusive + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the options, with probability proportional to its weight. */
  weighted<T>(options: readonly (readonly [T, number])[]): T {
    const total = options.reduce((n, [, w]) => n + w, 0);
    let r = this.next() * total;
    for (const [value, w] of options) {
      r -= w;
      if (r < 0) return value;
    }
    return options[options.length - 1]![0];
  }
}
