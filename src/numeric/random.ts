// A small seeded pseudo-random generator, so that every numeric check, test and CI run draws
// the same points. Math.random is never used in src/numeric.

import { Matrix } from 'ml-matrix';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: a 32-bit state generator, plenty for drawing test matrices. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [lo, hi). */
export const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();

/** A rows x cols matrix of independent uniform entries in [lo, hi), filled row by row. */
export function uniformMatrix(rng: Rng, rows: number, cols: number, lo: number, hi: number): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, uniform(rng, lo, hi));
  return m;
}
