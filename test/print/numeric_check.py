"""Numeric checks of printed expressions, driven by the printer tests (JSON on stdin).

Each case carries the expression as a node table (as built by src/expr) and what the printers
made of it; optionally extra values and an independent numpy `formula` for the same value.
The truth is an independent evaluation of the node table in the 2-D column convention (vectors
n x 1, scalars 1 x 1); it is compared with
  - the `numpy` expression, evaluated like the acceptance checker does (vectors 1-D, a namespace
    of declared names, dimension names as ints, dX for d(X), restricted builtins), shape strictly;
  - the `function` source (numpyFunction), defined and called with its parameters by name;
  - the `plain` text, parsed and evaluated by the corpus's independent parser mcalc_lang.py,
    whose leaf count must not exceed the case's budget (`size`).
Prints one JSON list: [{"id": ..., "errors": [...]}].
"""
import inspect
import json
import sys

import numpy as np

DIMS = {"n": 4, "m": 3}


def sample(rng, decls):
    """Values as the acceptance checker draws them: entries uniform in [0.5, 1.5], a symmetric
    variable (B + B')/2, a positive definite one B B' + size I; a direction dX for each X."""
    vals = {}
    for d in decls:
        rows, cols = (dim(k) for k in d["shape"])
        for nm in (d["name"], "d" + d["name"]):
            if rows == 1 and cols == 1:
                vals[nm] = float(rng.uniform(0.5, 1.5))
                continue
            v = rng.uniform(0.5, 1.5, (rows, cols))
            if d.get("posdef"):
                v = v @ v.T + rows * np.eye(rows)
            elif d.get("symmetric"):
                v = (v + v.T) / 2
            vals[nm] = v.ravel() if cols == 1 or rows == 1 else v
    return vals


def col(v):
    v = np.asarray(v, dtype=float)
    return v.reshape(-1, 1) if v.ndim == 1 else (v.reshape(1, 1) if v.ndim == 0 else v)


def dim(d):
    return d if isinstance(d, int) else int(np.prod([DIMS[p] for p in d.split("*")]))


class Reference:
    """Evaluates the node table with 2-D arrays; 1 x 1 results are 1 x 1 arrays."""

    def __init__(self, nodes, vals):
        self.nodes, self.vals, self.memo = nodes, vals, {}

    def ev(self, i):
        i = str(i)
        if i not in self.memo:
            self.memo[i] = self.compute(self.nodes[i])
        return self.memo[i]

    def compute(self, nd):
        k, args = nd["k"], [self.ev(a) for a in nd.get("a", [])]
        rows, cols = (dim(d) for d in nd["shape"])
        sc = lambda m: float(m[0, 0])
        if k == "num":
            return np.array([[nd["v"][0] / nd["v"][1]]])
        if k == "sym":
            return col(self.vals[nd["name"]])
        if k == "def":
            return self.ev(nd["body"])
        if k == "diff":
            return col(self.vals["d" + nd["of"]])
        if k == "identity":
            return np.eye(rows)
        if k == "zero":
            return np.zeros((rows, cols))
        if k == "ones":
            return np.ones((rows, 1))
        if k == "add":
            return sum(args[1:], args[0])
        if k == "mul":
            acc = np.array([[nd["coef"][0] / nd["coef"][1]]])
            for f in args:
                acc = acc * f if acc.shape == (1, 1) or f.shape == (1, 1) else acc @ f
            return acc
        if k == "pow":
            return np.array([[sc(args[0]) ** sc(args[1])]])
        if k == "mpow":
            return np.linalg.matrix_power(args[0], nd["kk"])
        if k == "transpose":
            return args[0].T
        if k == "inv":
            return np.linalg.inv(args[0])
        if k in ("det", "logdet", "tr", "norm", "sum"):
            m = args[0]
            v = {"det": lambda: np.linalg.det(m), "logdet": lambda: np.log(np.linalg.det(m)),
                 "tr": lambda: np.trace(m), "norm": lambda: np.sqrt(np.sum(m * m)), "sum": lambda: np.sum(m)}[k]()
            return np.array([[v]])
        if k == "diagm":
            return np.diag(args[0].ravel())
        if k == "diagv":
            return np.diag(args[0]).reshape(-1, 1)
        if k == "kron":
            return np.kron(args[0], args[1])
        if k == "hadamard":
            out = args[0]
            for f in args[1:]:
                out = out * f
            return out
        if k == "hdiv":
            return args[0] / args[1]
        if k == "fn":
            z = args[0]
            return {"exp": np.exp, "log": np.log, "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos, "tanh": np.tanh,
                    "abs": np.abs, "sigmoid": lambda t: 1 / (1 + np.exp(-t)),
                    "softplus": lambda t: np.log1p(np.exp(t)), "tan": np.tan, "arcsin": np.arcsin,
                    "arccos": np.arccos, "arctan": np.arctan, "relu": lambda t: np.maximum(t, 0),
                    "sign": np.sign}[nd["fn"]](z)
        raise ValueError("unknown kind " + k)


def to_user(v):
    if v.shape == (1, 1):
        return float(v[0, 0])
    if v.shape[1] == 1 or v.shape[0] == 1:
        return v.ravel()
    return v


SAFE = {k: __builtins__[k] if isinstance(__builtins__, dict) else getattr(__builtins__, k)
        for k in ("abs", "float", "int", "len", "range", "True", "False", "None")}


def namespace(vals):
    ns = dict(vals)
    ns.update(DIMS)
    ns["np"] = np
    ns["__builtins__"] = SAFE
    return ns


def compare(what, got, want, errors, bare_zero=False):
    if bare_zero and isinstance(got, float) and got == 0.0 and not isinstance(want, float) and not np.any(want):
        return  # a literal 0 stands for an all-zero array (as the corpus checker reads plain)
    if isinstance(want, float):
        if not isinstance(got, (float, int, np.floating, np.integer)) and not (isinstance(got, np.ndarray) and got.ndim == 0):
            errors.append("%s: expected a scalar, got %r" % (what, type(got).__name__ + str(np.shape(got))))
            return
    else:
        got = np.asarray(got)
        if got.shape != want.shape:
            errors.append("%s: shape %s, expected %s" % (what, got.shape, want.shape))
            return
    if not np.allclose(got, want, rtol=1e-8, atol=1e-10 * (1 + np.max(np.abs(want)))):
        errors.append("%s: value differs (max abs diff %.3g)" % (what, np.max(np.abs(np.asarray(got) - want))))


def check(case, vals, decls, lang, program):
    errors = []
    vals = dict(vals, **{k: np.asarray(v, dtype=float) if isinstance(v, list) else float(v)
                         for k, v in (case.get("values") or {}).items()})
    want = to_user(Reference(case["nodes"], vals).ev(case["root"]))
    if not np.all(np.isfinite(want)):
        return ["reference value is not finite"]
    with np.errstate(all="ignore"):
        if case.get("formula"):
            try:
                compare("formula (reference evaluator)", eval(case["formula"], namespace(vals)), want, errors)
            except Exception as e:  # noqa: BLE001
                errors.append("formula: %s: %s" % (type(e).__name__, e))
        try:
            compare("numpy", eval(case["numpy"], namespace(vals)), want, errors)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            errors.append("numpy: %s: %s" % (type(e).__name__, e))
        fn = case.get("function")
        if fn:
            try:
                # a module (it imports numpy): the restricted builtins of the namespace would refuse
                ns = {**namespace(vals), "__builtins__": __builtins__}
                exec(fn["code"], ns)
                # its parameters: the given ones, then any dimension it could not read off them
                f = ns[fn["name"]]
                kw = {p: vals[p] if p in vals else DIMS[p] for p in inspect.signature(f).parameters if p in vals or p in DIMS}
                compare("function", f(**kw), want, errors)
            except Exception as e:  # noqa: BLE001
                errors.append("function: %s: %s" % (type(e).__name__, e))
        if case.get("plain") is not None:
            try:
                dirs = {d["name"]: vals["d" + d["name"]] for d in decls}
                got = lang.to_user(program.evaluate(case["plain"], vals, dims=DIMS, directions=dirs))
                if isinstance(got, np.ndarray) and got.ndim == 2 and got.shape[0] == 1:
                    got = got.ravel()  # mcalc_lang keeps rows 2-D
                compare("plain", got, want, errors, bare_zero=True)
                size = lang.size(case["plain"])
                if size > case["size"]:
                    errors.append("plain: %d leaves, the node has %d" % (size, case["size"]))
            except Exception as e:  # noqa: BLE001
                errors.append("plain: %s: %s" % (type(e).__name__, e))
    return errors


def main():
    job = json.load(sys.stdin)
    lang = program = None
    if job.get("corpus"):
        sys.path.insert(0, job["corpus"])
        import mcalc_lang as lang  # noqa: E402
        program = lang.Program(job["program"])
    rng = np.random.default_rng(job.get("seed", 0))
    vals = sample(rng, job["decls"])
    out = [{"id": c["id"], "errors": check(c, vals, job["decls"], lang, program)} for c in job["cases"]]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
