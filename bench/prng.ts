/**
 * Seeded pseudo-random numbers for the benchmark population. Never Math.random: the same seed must
 * give the same persons and claims on every machine, so that two runs (or two branches) measure the
 * same work and a surprising figure can be reproduced.
 */

/** mulberry32: 32-bit state, fast, good enough for synthetic data (not for anything secret). */
export const mulberry32 = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * A seed for item `index` of stream `salt`, mixed from the run's seed (murmur3's finaliser), so each
 * person and each claim has its own generator: any one of them can be produced on its own, in any
 * order, by any concurrent caller, and still come out the same.
 */
export const subSeed = (seed: number, salt: number, index: number): number => {
  let h = (seed ^ Math.imul(salt, 0x9e3779b1) ^ Math.imul(index, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** One of `choices`, with probability proportional to its weight. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T;
}

export const randomOf = (seed: number): Random => {
  const next = mulberry32(seed);
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal: () => {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    weighted: (choices) => {
      const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
      let pick = next() * total;
      for (const [value, weight] of choices) {
        pick -= weight;
        if (pick < 0) return value;
      }
      return choices[choices.length - 1]![0];
    },
  };
  return random;
};
