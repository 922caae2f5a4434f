// Programs for the fuzzer, written in the mcalc language as a user would write them: realistic
// objectives (least squares, logistic regression, softmax cross-entropy, Gaussian
// log-likelihoods, Gaussian processes, attention, MLP layers, deep compositions), definitions used
// several times, every declared property, every query kind. Independent of
// test/support/arbitrary.ts, which builds random core expressions node by node: here the unit
// is a whole objective in the surface syntax, so the parser, checker, definitions, folding and
// printers are all in the loop.

import fc from 'fast-check';

export type QueryKind = 'grad' | 'jacobian' | 'hessian' | 'differential' | 'derivative' | 'simplify';

/** One generated program: declarations and definitions, then one query on the last line. */
export interface Program {
  readonly family: string;
  readonly kind: QueryKind;
  readonly text: string;
}

/** An objective: its declarations and definitions, the scalar f, and the variables one may take. */
interface Objective {
  readonly family: string;
  readonly lines: readonly string[];
  /** a scalar function */
  readonly f: string;
  /** declared symbols to differentiate by, with their shapes */
  readonly vars: ReadonlyArray<readonly [string, 'scalar' | 'vector' | 'matrix']>;
  /** a vector-valued function of the same variables, for jacobian queries */
  readonly vectorF?: string;
}

const FNS = ['tanh', 'sigmoid', 'softplus', 'sin', 'cos', 'exp'] as const;
const fnName = fc.constantFrom(...FNS);
/** functions whose value stays moderate for moderate inputs (no exp blow-up in deep nests) */
const tameFn = fc.constantFrom('tanh', 'sigmoid', 'sin', 'cos');
const coef = fc.constantFrom('2', '0.5', '1/3', '3', 'lambda', 'alpha');
const props = fc.constantFrom('', ' symmetric', ' posdef', ' invertible', ' diagonal', ' orthogonal');

const leastSquares = fc.record({ weighted: fc.boolean(), reg: fc.boolean(), c: coef, reuse: fc.boolean() }).map(({ weighted, reg, c, reuse }): Objective => ({
  family: 'least squares',
  lines: ['A : matrix(m, n)', 'x : vector(n)', 'b : vector(m)', 'W : matrix(m, m) posdef', 'lambda, alpha : scalar', 'r := A*x - b'],
  f: `${weighted ? "r'*W*r" : 'norm(r)^2'}${reg ? ` + ${c}*x'*x` : ''}${reuse ? ' + sum(r .* r)' : ''}`,
  vars: [['x', 'vector'], ['A', 'matrix'], ['b', 'vector'], ['lambda', 'scalar']],
  vectorF: weighted ? 'W*r' : 'r .* r',
}));

const logistic = fc.record({ form: fc.integer({ min: 0, max: 2 }), reg: fc.boolean() }).map(({ form, reg }): Objective => ({
  family: 'logistic',
  lines: ['X : matrix(m, n)', 'w : vector(n)', 'y : vector(m)', 'lambda : scalar', 'z := X*w', 'p := sigmoid(z)'],
  f: [
    "sum(softplus(z)) - y'*z",
    "-y'*log(p) - (ones(m) - y)'*log(ones(m) - p)",
    'sum(log(ones(m) + exp(-y .* z)))',
  ][form]! + (reg ? ' + lambda/2*norm(w)^2' : ''),
  vars: [['w', 'vector'], ['X', 'matrix'], ['y', 'vector']],
  vectorF: 'p',
}));

const softmax = fc.record({ bias: fc.boolean(), twice: fc.boolean() }).map(({ bias, twice }): Objective => ({
  family: 'softmax cross-entropy',
  lines: ['W : matrix(m, n)', 'x : vector(n)', 'c : vector(m)', 'y : vector(m)', `a := W*x${bias ? ' + c' : ''}`, 's := exp(a)/sum(exp(a))'],
  f: `-y'*log(s)${twice ? " + s'*s" : ''}`,
  vars: [['x', 'vector'], ['W', 'matrix'], ['c', 'vector']],
  vectorF: 's',
}));

const gaussian = fc.record({ form: fc.integer({ min: 0, max: 2 }) }).map(({ form }): Objective => ({
  family: 'Gaussian log-likelihood',
  lines: ['x, mu : vector(n)', 'S : matrix(n, n) posdef', 'L : matrix(n, n)', 'e := x - mu', ...(form === 2 ? ['C := L*L\' + I'] : [])],
  f: [
    "-1/2*logdet(S) - 1/2*e'*inv(S)*e",
    "-log(det(S))/2 - tr(inv(S)*e*e')/2",
    "-1/2*logdet(C) - 1/2*e'*inv(C)*e",
  ][form]!,
  vars: form === 2 ? [['x', 'vector'], ['mu', 'vector'], ['L', 'matrix']] : [['x', 'vector'], ['mu', 'vector'], ['S', 'matrix']],
  vectorF: form === 2 ? 'inv(C)*e' : 'inv(S)*e',
}));

const gp = fc.record({ noise: fc.boolean() }).map(({ noise }): Objective => ({
  family: 'Gaussian process',
  lines: ['X : matrix(n, m)', 'y : vector(n)', 'alpha, beta : scalar', `K := alpha*X*X' + ${noise ? 'inv(beta)*I' : 'I'}`, 'h := inv(K)*y'],
  f: "-1/2*logdet(K) - 1/2*y'*h",
  vars: [['y', 'vector'], ['X', 'matrix'], ['alpha', 'scalar'], ['beta', 'scalar']],
  vectorF: 'h',
}));

const attention = fc.record({ scaled: fc.boolean() }).map(({ scaled }): Objective => ({
  family: 'attention',
  lines: ['X : matrix(m, n)', 'Wq, Wk, Wv : matrix(n, n)', 'q : vector(n)', `e := exp(X*Wk*Wq'*q${scaled ? '/2' : ''})`, 'a := e/sum(e)', "o := Wv'*X'*a"],
  f: "o'*o",
  vars: [['q', 'vector'], ['Wq', 'matrix'], ['Wv', 'matrix'], ['X', 'matrix']],
  vectorF: 'o',
}));

const mlp = fc.record({ f1: tameFn, f2: fc.constantFrom('sigmoid', 'tanh', 'softplus'), loss: fc.boolean() }).map(({ f1, f2, loss }): Objective => ({
  family: 'MLP',
  lines: ['W1 : matrix(m, n)', 'W2 : matrix(p, m)', 'x, b1 : vector(n)', 'c1 : vector(m)', 'y : vector(p)', `h := ${f1}(W1*x + c1)`, `o := ${f2}(W2*h)`],
  f: loss ? 'norm(o - y)^2' : "sum(o) + h'*h",
  vars: [['x', 'vector'], ['W1', 'matrix'], ['W2', 'matrix'], ['c1', 'vector']],
  vectorF: 'o',
}));

/** k layers, each used twice by the next: v(i+1) := f(W*vi) + g(vi). */
const deep = fc.record({ k: fc.integer({ min: 2, max: 7 }), fs: fc.array(fc.tuple(tameFn, fnName), { minLength: 7, maxLength: 7 }) }).map(({ k, fs }): Objective => {
  const lines = ['W : matrix(n, n)', 'x : vector(n)', 'v1 := tanh(W*x)'];
  for (let i = 1; i < k; i++) {
    const [f, g] = fs[i]!;
    // exp of a layer is tamed by a sigmoid first, so values stay finite
    const inner = g === 'exp' ? `exp(sigmoid(v${i}))` : `${g}(v${i})`;
    lines.push(`v${i + 1} := ${f}(W*v${i}) .* ${inner}`);
  }
  return { family: 'deep composition', lines, f: `sum(v${k}) + v${k}'*v1`, vars: [['x', 'vector'], ['W', 'matrix']], vectorF: `v${k}` };
});

/** Every property in use: symmetric, posdef, invertible, diagonal, orthogonal. */
const structured = fc.record({ p: props, q: props }).map(({ p, q }): Objective => {
  const pa = p === ' orthogonal' ? ' invertible' : p;
  return {
    family: 'properties',
    lines: ['x : vector(n)', `A : matrix(n, n)${pa}`, 'Q : matrix(n, n) orthogonal', `B : matrix(n, n)${q}`, 'D : matrix(n, n) diagonal', 'M := Q\'*A*Q + D'],
    f: pa === '' || pa === ' symmetric' || pa === ' diagonal'
      ? "x'*M*x + tr(Q*B*Q') + x'*D*D*x"
      : "x'*inv(M + M' + 4*I)*x + tr(inv(A)*Q) + log(det(Q*Q'*A*A' + I))",
    vars: [['x', 'vector'], ['B', 'matrix'], ['D', 'matrix'], ['A', 'matrix']],
    vectorF: 'M*x',
  };
});

const OBJECTIVES = fc.oneof(leastSquares, logistic, softmax, gaussian, gp, attention, mlp, deep, structured);

/** Expressions to simplify: identities a simplifier must get right (value preserved). */
const SIMPLIFY = [
  "inv(Q)*Q*x + Q'*Q*x",
  "(A + A')' - A'",
  "tr(A*B) - tr(B*A) + x'*A*x",
  "inv(inv(A))*x - A*x + x'*x*x",
  "D*x .* x + diag(D) .* x .* x",
  "exp(log(x'*x + 1))*x + sigmoid(x) .* (ones(n) - sigmoid(x))",
  "inv(A*B)*A*B*x",
  "x*x'*x/(x'*x) - x",
  "norm(Q*x)^2 - x'*x",
  "kron(A, B)*kron(inv(A), inv(B))",
];

const simplifyProgram = fc.record({ i: fc.nat({ max: SIMPLIFY.length - 1 }), pa: fc.constantFrom(' invertible', ' posdef'), bare: fc.boolean() }).map(({ i, pa, bare }): Program => ({
  family: 'simplify',
  kind: 'simplify',
  text: ['x : vector(n)', `A, B : matrix(n, n)${pa}`, 'Q : matrix(n, n) orthogonal', 'D : matrix(n, n) diagonal', bare ? SIMPLIFY[i]! : `simplify(${SIMPLIFY[i]!})`].join('\n'),
}));

/** A derivative query on an objective: a kind its shapes allow, by one of its variables. */
const derivativeProgram = fc.tuple(OBJECTIVES, fc.nat(), fc.nat(), fc.constantFrom(1, 2)).map(([o, vi, ki, scale]): Program => {
  const [x, shape] = o.vars[vi % o.vars.length]!;
  const kinds: QueryKind[] = ['grad', 'differential', 'derivative'];
  if (shape === 'vector') kinds.push('hessian', ...(o.vectorF ? (['jacobian'] as const) : []));
  const kind = kinds[ki % kinds.length]!;
  const f = kind === 'jacobian' ? o.vectorF! : scale === 2 ? `2*(${o.f})` : o.f;
  return { family: o.family, kind, text: [...o.lines, `${kind}(${f}, ${x})`].join('\n') };
});

/** What a typing hand does to a program: a character dropped, doubled, replaced or inserted. */
const JUNK = [...'()*\'+-/^.,:;|=[]{}#@!?~`$&%<>_0123456789 \n\taxAX', '\u00a0', 'ᵀ', '⁻¹', '∂', '\u0000', '\ud800'];

/**
 * A derivative program with a few typing mistakes: the engine must answer it (and then rightly)
 * or refuse it with a diagnostic at a line and column, whatever the mistake.
 */
const mutatedProgram = fc.tuple(derivativeProgram, fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'double', 'replace', 'insert'), fc.constantFrom(...JUNK)), { minLength: 1, maxLength: 3 }))
  .map(([p, edits]): Program => {
    let text = p.text;
    for (const [at, edit, c] of edits) {
      const i = at % Math.max(1, text.length);
      if (edit === 'drop') text = text.slice(0, i) + text.slice(i + 1);
      else if (edit === 'double') text = text.slice(0, i + 1) + text.slice(i);
      else if (edit === 'replace') text = text.slice(0, i) + c + text.slice(i + 1);
      else text = text.slice(0, i) + c + text.slice(i);
    }
    return { family: 'typing mistakes', kind: p.kind, text };
  });

export const programs: fc.Arbitrary<Program> = fc.oneof(
  { weight: 6, arbitrary: derivativeProgram },
  { weight: 1, arbitrary: simplifyProgram },
  { weight: 2, arbitrary: mutatedProgram },
);
