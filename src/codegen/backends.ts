// How each plan operation is spelled in NumPy, PyTorch and JAX. Operands are printed before this
// is called (in argument order, so that a `:=` binding in the first operand is evaluated before
// a later use of its name).

import type { Dim } from '../expr/shape.js';
import { isColumnShape, isRowShape } from '../expr/shape.js';
import { ADD, MUL, NEG, POW, POSTFIX, ATOM, atLeast, printed, spelled, type Printed } from '../print/layout.js';
import { FUNCTION_SPECS, type FnName } from '../expr/functions.js';
import type { PNode } from './ir.js';
import { spellCommutation, spellPermutedColumns, spellPermutedRows, spellVec } from './permute.js';

export type Library = 'numpy' | 'torch' | 'jax';
export const LIBRARIES: readonly Library[] = ['numpy', 'torch', 'jax'];

/** The import lines of a module. */
export const IMPORTS: Record<Library, string> = {
  numpy: 'import numpy as np',
  torch: 'import torch',
  jax: 'import jax\nimport jax.numpy as jnp',
};

/** Module helpers by name, for each library; a function that uses one is preceded by it once. */
export const HELPERS: Record<Library, Record<string, string>> = {
  numpy: {
    _add_diag: 'def _add_diag(M, c):\n    """M + c*I without forming I."""\n    M = M.copy()\n    M[np.diag_indices_from(M)] += c\n    return M',
  },
  torch: {
    _add_diag: 'def _add_diag(M, c):\n    """M + c*I without forming I."""\n    M = M.clone()\n    M.diagonal().add_(c)\n    return M',
  },
  jax: {
    _add_diag: 'def _add_diag(M, c):\n    """M + c*I without forming I."""\n    return M.at[jnp.diag_indices(M.shape[0])].add(c)',
  },
};

export const SHAPE_HELPER = `def _shape(name, a, want, *dims):
    """The shape of argument a, which must be \`want\` (dims: the sizes, None where any)."""
    got = tuple(getattr(a, 'shape', ()))
    if len(got) != len(dims) or any(d is not None and g != d for g, d in zip(got, dims)):
        expected = tuple('?' if d is None else d for d in dims)
        raise ValueError(f"argument {name} must have shape {want} = {expected}, got {got}")
    return got`;

const NS: Record<Library, string> = { numpy: 'np', torch: 'torch', jax: 'jnp' };

/** Options of the spelling: in one expression there are no helpers, and dims are names. */
export interface Spelling {
  readonly library: Library;
  /** one expression only (the JSON field): no module helpers */
  readonly expression: boolean;
  readonly dim: (d: Dim) => string;
  /** a helper the code uses, so that the module defines it */
  readonly use: (helper: string) => void;
}

const call = (f: string, ...args: (Printed | string)[]): Printed =>
  printed(`${f}(${args.map((a) => (typeof a === 'string' ? a : a.text)).join(', ')})`, ATOM);

const infix = (a: Printed, op: string, b: Printed, prec = MUL): Printed => printed(`${atLeast(a, prec)} ${op} ${atLeast(b, prec === ADD ? MUL : NEG)}`, prec);

/** The code of n from the code of its operands. */
export function spell(n: PNode, args: readonly Printed[], sp: Spelling): Printed {
  const lib = sp.library;
  const ns = NS[lib];
  const torch = lib === 'torch';
  const float64 = torch ? ', dtype=torch.float64' : '';
  const [a, b] = args as [Printed, Printed];
  const vectorDim = (): string => sp.dim(isRowShape(n.shape) ? n.shape.cols : n.shape.rows);
  switch (n.op) {
    case 'var':
      return printed(n.attr, ATOM);
    case 'num':
      return printed(n.attr, n.attr.includes(' / ') ? MUL : n.attr.startsWith('-') ? NEG : ATOM);
    case 'eye':
      return call(`${ns}.eye`, `${sp.dim(n.shape.rows)}${float64}`);
    case 'zeros': {
      const size = isColumnShape(n.shape) || isRowShape(n.shape) ? vectorDim() : `(${sp.dim(n.shape.rows)}, ${sp.dim(n.shape.cols)})`;
      return call(`${ns}.zeros`, `${size}${float64}`);
    }
    case 'ones':
      return call(`${ns}.ones`, `${vectorDim()}${float64}`);
    case 'add': {
      let text = atLeast(args[0]!, ADD);
      args.slice(1).forEach((t, i) => (text += ` ${n.attr[i + 1]} ${atLeast(t, MUL)}`));
      return printed(text, ADD);
    }
    case 'mul':
      return infix(a, '*', b);
    case 'div':
      return infix(a, '/', b);
    case 'neg':
      // -A @ x would negate A: the operand of a minus is parenthesised unless it binds tighter
      return printed(`-${atLeast(a, NEG)}`, NEG);
    case 'pow':
      return printed(`${atLeast(a, POSTFIX)} ** ${atLeast(b, NEG)}`, POW);
    case 'matmul':
      return infix(a, '@', b);
    case 'outer':
      return call(`${ns}.outer`, a, b);
    case 'T':
      return isColumnShape(n.shape) || isRowShape(n.shape) ? a : printed(`${atLeast(a, POSTFIX)}.T`, POSTFIX);
    case 'rowscale':
      return printed(`${atLeast(a, POSTFIX)}[:, None] * ${atLeast(b, NEG)}`, MUL);
    case 'adddiag':
      if (!sp.expression) {
        sp.use('_add_diag');
        return call('_add_diag', a, b);
      }
      return infix(a, '+', infix(b, '*', call(`${ns}.eye`, sp.dim(n.shape.rows))), ADD);
    case 'inv':
      return call(`${ns}.linalg.inv`, a);
    case 'solve':
      return call(`${ns}.linalg.solve`, a, b);
    case 'det':
      return call(`${ns}.linalg.det`, a);
    case 'logdet':
      return printed(`${call(`${ns}.linalg.slogdet`, a).text}[1]`, POSTFIX);
    case 'trace':
      return call(`${ns}.trace`, a);
    case 'norm':
      return call(`${ns}.linalg.norm`, a);
    case 'abs':
      return call(`${ns}.abs`, a);
    case 'sum':
      return call(`${ns}.sum`, a);
    case 'rowsum':
      return call(`${ns}.sum`, a, torch ? 'dim=1' : 'axis=1');
    case 'diag':
      return call(`${ns}.diag`, a);
    case 'mpow':
      return call(`${ns}.linalg.matrix_power`, a, n.attr);
    case 'kron': {
      // torch.kron (1.13) fails on a transposed, non-contiguous operand ("view size is not compatible")
      const operand = (x: PNode, i: number): Printed => (torch && x.op === 'T' ? printed(`${atLeast(args[i]!, POSTFIX)}.contiguous()`, POSTFIX) : as2d(args[i]!, x));
      const k = call(`${ns}.kron`, ...n.args.map(operand));
      return isColumnShape(n.shape) || isRowShape(n.shape) ? printed(`${k.text}.reshape(-1)`, POSTFIX) : k;
    }
    case 'vec':
      return spellVec(a);
    case 'commutation':
      return spellCommutation(n.attr, ns, sp.dim, float64);
    case 'kperm':
      return spellPermutedRows(a, n.attr, ns, sp.dim);
    case 'kpermcols':
      return spellPermutedColumns(a, n.args[0]!, n.attr, ns, sp.dim);
    case 'stack':
      return call(`${ns}.column_stack`, `(${args.map((x) => x.text).join(', ')})`);
    case 'col':
      return printed(`${atLeast(a, POSTFIX)}[:, ${n.attr}]`, POSTFIX);
    case 'fn':
      return elementwise(n.attr, a, lib);
    case 'logsumexp':
      if (lib === 'numpy') return call('np.logaddexp.reduce', a, 'axis=None');
      if (torch) return call('torch.logsumexp', `${atLeast(a, POSTFIX)}.reshape(-1)`, '0');
      return call('jax.nn.logsumexp', a);
    default: {
      const never: never = n.op;
      throw new Error(`spell: unknown op ${String(never)}`);
    }
  }
}

/** A 1-D operand of kron reshaped to the column or row its shape says. */
function as2d(c: Printed, n: PNode): Printed {
  if (isColumnShape(n.shape)) return printed(`${atLeast(c, POSTFIX)}.reshape(-1, 1)`, POSTFIX);
  if (isRowShape(n.shape)) return printed(`${atLeast(c, POSTFIX)}.reshape(1, -1)`, POSTFIX);
  return c;
}

/** Elementwise functions as their table writes them (sigmoid and softplus in forms that neither overflow nor cancel). */
function elementwise(name: string, a: Printed, lib: Library): Printed {
  return spelled(FUNCTION_SPECS[name as FnName][lib], a, (f) => call(f, a));
}
