// Exact rational numbers on bigint, always in lowest terms with a positive denominator.
// Numbers in expressions are exact so that 1/2*2 is 1 and like terms collect without drift.

export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError('division by zero in a rational number');
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  const g = gcd(nn, dd);
  return g > 1n ? { n: nn / g, d: dd / g } : { n: nn, d: dd };
}

export const ZERO = rat(0);
export const ONE = rat(1);
export const MINUS_ONE = rat(-1);

/** Parses a decimal literal such as "2", "0.5" or "1e-3" exactly. */
export function parseRational(text: string): Rational {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a number: ${text}`);
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? '0') - frac.length;
  const digits = BigInt((whole + frac).replace(/^0+(?=\d)/, '') || '0');
  return exp >= 0 ? rat(digits * 10n ** BigInt(exp)) : rat(digits, 10n ** BigInt(-exp));
}

export const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const abs = (a: Rational): Rational => (a.n < 0n ? neg(a) : a);
export const isZero = (a: Rational): boolean => a.n === 0n;
export const isOne = (a: Rational): boolean => a.n === 1n && a.d === 1n;
export const isInteger = (a: Rational): boolean => a.d === 1n;
export const isNegative = (a: Rational): boolean => a.n < 0n;
export const equals = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const compare = (a: Rational, b: Rational): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const toNumber = (a: Rational): number => Number(a.n) / Number(a.d);

/** a^k for an integer k; undefined when the result would be huge (|k| > 64) or 0^negative. */
export function powInt(a: Rational, k: bigint): Rational | undefined {
  if (k < 0n) {
    if (a.n === 0n) return undefined;
    return powInt(rat(a.d, a.n), -k);
  }
  if (k > 64n) return undefined;
  return rat(a.n ** k, a.d ** k);
}

export function gcdRational(a: Rational, b: Rational): Rational {
  return rat(gcd(a.n, b.n), (a.d * b.d) / gcd(a.d, b.d));
}

/** Whether a prints as one number: an integer or a terminating decimal such as 0.25. */
export function isTerminating(a: Rational): boolean {
  let d = a.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n;
}

export function toString(a: Rational): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}
