"""A flop counter for generated and hand-written NumPy code: the code runs on shape-only arrays
(a stand-in `numpy` module), and each operation adds its floating-point work to a counter with the
same conventions as src/codegen/cost.ts: a multiply-add is 2 flops, A.T @ A half a product (BLAS
syrk), an LU 2/3 n^3, a solve 2/3 n^3 + 2 n^2 k, an inverse 2 n^3, an elementwise operation one
per element, a norm 2 per element; forming eye/zeros/diag/stack/transposes is free.

    count(module_text, function_name, shapes) -> flops   (shapes: {name: () | (n,) | (m, n)})
"""
import builtins
import sys
import types
from math import prod

FLOPS = [0.0]


def add(k):
    FLOPS[0] += k


def broadcast(a, b):
    a, b = tuple(a), tuple(b)
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    return tuple(max(x, y) for x, y in zip(a, b))


def shape_of(x):
    return x.shape if isinstance(x, Arr) else ()


class Arr:
    """An array that has only a shape; `base` and `transposed` recognise A.T @ A."""

    def __init__(self, shape, base=None, transposed=False):
        self.shape = tuple(shape)
        self.base, self.transposed = base if base is not None else self, transposed

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: prod(self.shape))

    @property
    def T(self):
        return Arr(self.shape[::-1], self.base, not self.transposed) if self.ndim == 2 else self

    def copy(self):
        return Arr(self.shape)

    def reshape(self, *s):
        s = s[0] if len(s) == 1 and isinstance(s[0], tuple) else s
        known = prod(d for d in s if d != -1)
        return Arr(tuple(self.size // known if d == -1 else d for d in s))

    def __getitem__(self, key):
        if isinstance(key, tuple) and len(key) == 2 and key[1] is None:
            return Arr((self.shape[0], 1))
        if isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], int):
            return Arr((self.shape[0],))
        if isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], slice):
            return Arr((self.shape[0], len(range(*key[1].indices(self.shape[1])))))
        if isinstance(key, tuple) and key and key[0] == "diag":
            return Arr((self.shape[0],))
        raise TypeError(f"flops: unsupported index {key!r}")

    def __setitem__(self, key, value):
        pass  # M[diag] += c: the += was counted by __iadd__ of the diagonal

    def _elementwise(self, other):
        out = broadcast(self.shape, shape_of(other))
        add(prod(out))
        return Arr(out)

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _elementwise
    __truediv__ = __rtruediv__ = __pow__ = __rpow__ = _elementwise

    def __iadd__(self, other):
        return self._elementwise(other)

    def __neg__(self):
        add(self.size)
        return Arr(self.shape)

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)


def matmul(a, b):
    sa, sb = a.shape, b.shape
    m = sa[0] if len(sa) == 2 else 1
    k = sa[-1]
    n = sb[1] if len(sb) == 2 else 1
    if (sb[0] if len(sb) == 2 else sb[0]) != k:
        raise ValueError(f"flops: matmul {sa} @ {sb}")
    work = 2 * m * k * n
    # the symmetric rank-k kernel for X.T @ X
    if len(sa) == 2 and len(sb) == 2 and a.base is b.base and a.transposed != b.transposed:
        work /= 2
    add(work)
    out = tuple(d for d, keep in ((m, len(sa) == 2), (n, len(sb) == 2)) if keep)
    return Arr(out)


def unary(f=1):
    def op(x, *rest, **kw):
        if not isinstance(x, Arr):
            add(1)
            return 1.0
        add(f * x.size)
        return Arr(x.shape)

    return op


def binary(a, b):
    if isinstance(a, Arr) or isinstance(b, Arr):
        out = broadcast(shape_of(a), shape_of(b))
        add(prod(out))
        return Arr(out)
    add(1)
    return 1.0


def reduce_all(x, axis=None):
    if not isinstance(x, Arr):
        return 1.0
    add(x.size)
    return Arr(()) if axis is None else Arr((x.shape[0],))


def solve(a, b):
    n = a.shape[0]
    k = b.shape[1] if b.ndim == 2 else 1
    add(2 * n**3 / 3 + 2 * n * n * k)
    return Arr(b.shape)


def make_numpy():
    np = types.ModuleType("numpy")
    np.eye = lambda n, **kw: Arr((n, n))
    np.zeros = lambda s, **kw: Arr(s if isinstance(s, tuple) else (s,))
    np.ones = lambda s, **kw: Arr(s if isinstance(s, tuple) else (s,))
    np.outer = lambda a, b: (add(a.size * b.size), Arr((a.size, b.size)))[1]
    np.trace = lambda a: (add(a.shape[0]), Arr(()))[1]
    np.sum = reduce_all
    np.diag = lambda a: Arr((a.shape[0], a.shape[0])) if a.ndim == 1 else Arr((min(a.shape),))
    np.kron = lambda a, b: (add(a.size * b.size), Arr(tuple(x * y for x, y in zip(a.shape, b.shape))))[1]
    np.column_stack = lambda xs: Arr((xs[0].shape[0], sum(1 if x.ndim == 1 else x.shape[1] for x in xs)))
    np.diag_indices_from = lambda a: ("diag",)
    for name in ("exp", "log", "sqrt", "sin", "cos", "tanh", "abs"):
        setattr(np, name, unary())
    logaddexp = types.SimpleNamespace(reduce=lambda x, axis=None: (add(2 * x.size), Arr(()))[1])
    np.logaddexp = type("LogAddExp", (), {"__call__": staticmethod(binary), "reduce": staticmethod(logaddexp.reduce)})()
    linalg = types.ModuleType("numpy.linalg")
    linalg.solve = solve
    linalg.inv = lambda a: (add(2 * a.shape[0] ** 3), Arr(a.shape))[1]
    linalg.det = lambda a: (add(2 * a.shape[0] ** 3 / 3), Arr(()))[1]
    linalg.slogdet = lambda a: (add(2 * a.shape[0] ** 3 / 3), (Arr(()), Arr(())))[1]
    linalg.norm = lambda a: (add(2 * a.size), Arr(()))[1]
    linalg.matrix_power = lambda a, k: (add(2 * a.shape[0] ** 3 * (abs(k) - 1)), Arr(a.shape))[1]
    np.linalg = linalg
    return np


def count(text, name, shapes):
    """The flops of calling function `name` of module `text` with arrays of the given shapes."""
    fake = make_numpy()
    saved = sys.modules.get("numpy")
    sys.modules["numpy"] = fake
    try:
        ns = {"__builtins__": builtins}
        exec(text, ns)  # noqa: S102 - the code being measured
        fn = ns[name]
        import inspect

        args = [Arr(shapes[p.rstrip("_")]) if shapes.get(p.rstrip("_")) != () else 1.0 for p in inspect.signature(fn).parameters]
        FLOPS[0] = 0.0
        fn(*args)
        return FLOPS[0]
    finally:
        if saved is not None:
            sys.modules["numpy"] = saved
        else:
            del sys.modules["numpy"]
