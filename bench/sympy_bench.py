#!/usr/bin/env python3
"""The SymPy side of `npm run bench`: the bench's cases differentiated by SymPy, timed, and every
answer (SymPy's and ours) checked numerically against finite differences of f.

    python3 bench/sympy_bench.py CASES.json RESULTS.json [--cap 30] [--budget 150]

CASES.json is written by bench/run.mjs: {"cases": [{id, group, k, kind, variable, decls, sympy,
fNumpy, numpy}]}, where `sympy` is a snippet that assigns `result` (run with `sp` and every
declared name bound: a Symbol per scalar, a MatrixSymbol per vector (d x 1) and matrix, a
positive integer Symbol per dimension), `fNumpy` is f and `numpy` our answer as NumPy
expressions (vectors 1-D). The timing is that of verify_corpus.py --sympy: the snippet and
`.doit()`, after `clear_cache()`, after a warm-up. Each case runs in a forked child, so a hang is
killed at --cap seconds and cannot block the rest; a family stops growing once its next size
would pass the cap (extrapolated at least quadratically, or as steeply as its last step); after
--budget seconds the remaining cases are skipped.

Truth is the central difference of f along a random direction V (Richardson-extrapolated), at
3 random points: grad <G, V>, jacobian J v, hessian v'Hw, differential dF with d(X) = V. Sizes
and sampling follow the corpus (n=4, m=3, p=5, entries uniform in [0.5, 1.5], properties
honoured). SymPy's layout puts the variable's indices first; a jacobian is read transposed. A
bare SymPy 0 counts as the zero array of the expected shape.
"""
import argparse
import json
import multiprocessing as mp
import sys
import time
import warnings

import numpy as np

RTOL = {"hessian": 1e-4}
DEFAULT_RTOL = 1e-5
DIMS = {"n": 4, "m": 3, "p": 5, "k": 2, "q": 6}
STEP = 1e-3


# ---- numeric points (the corpus's sampling rules)

def dim_sizes(decls):
    names = sorted({d for v in decls.values() for d in v["dims"] if isinstance(d, str)})
    out = {d: DIMS[d] for d in names if d in DIMS}
    free = (s for s in range(3, 40) if s not in out.values())
    for d in names:
        if d not in out:
            out[d] = next(free)
    return out


def sample_value(decl, dims, rng):
    if decl["type"] == "scalar":
        return float(rng.uniform(0.5, 1.5))
    size = [dims.get(d, d) for d in decl["dims"]]
    if decl["type"] == "vector":
        return rng.uniform(0.5, 1.5, size=size[0])
    r, c = size
    props = set(decl["props"])
    if "diagonal" in props:
        return np.diag(rng.uniform(0.5, 1.5, size=r))
    if "orthogonal" in props:
        q, rr = np.linalg.qr(rng.uniform(0.5, 1.5, size=(r, r)) - 1.0)
        return q * np.sign(np.diag(rr))
    b = rng.uniform(0.5, 1.5, size=(r, c))
    if "posdef" in props:
        return b @ b.T + r * np.eye(r)
    if "symmetric" in props:
        return (b + b.T) / 2 + (r * np.eye(r) if "invertible" in props else 0)
    return b + r * np.eye(r) if "invertible" in props else b


def sample_direction(decl, value, rng):
    if decl["type"] == "scalar":
        return float(rng.uniform(-1, 1))
    v = rng.uniform(-1, 1, size=np.shape(value))
    props = set(decl["props"])
    if "diagonal" in props:
        return np.diag(np.diag(v))
    if "orthogonal" in props:
        return value @ (v - v.T)
    if "symmetric" in props or "posdef" in props:
        return (v + v.T) / 2
    return v


# ---- evaluation

def numpy_value(code, vals, dims, direction=None, var=None):
    ns = {"np": np, **dims, **vals}
    if direction is not None:
        ns["d" + var] = direction
    with np.errstate(all="ignore"):
        return np.asarray(eval(code, ns), dtype=float)  # noqa: S307 - our own printer's output


def sympy_value(sp, expr, case, dsym, syms, vals, dims):
    """SymPy's result at vals, as a float array (vectors as columns, SymPy's layout)."""
    dmap = {s: sp.Integer(dims[d]) for d, s in dsym.items()}
    e = sp.sympify(expr).xreplace(dmap)
    args = [syms[nm].xreplace(dmap) if hasattr(syms[nm], "xreplace") else syms[nm] for nm in case["decls"]]
    argv = [v.reshape(-1, 1) if isinstance(v, np.ndarray) and v.ndim == 1 else v for v in vals.values()]
    try:
        with np.errstate(all="ignore"):
            return np.asarray(sp.lambdify(args, e, modules="numpy")(*argv), dtype=float)
    except Exception:  # noqa: BLE001 - fall back to explicit substitution
        rep = {a: sp.ImmutableMatrix(v.tolist()) if isinstance(v, np.ndarray) else sp.Float(v) for a, v in zip(args, argv)}
        r = e.xreplace(rep).doit()
        if hasattr(r, "as_explicit") and not isinstance(r, sp.MatrixBase):
            r = r.as_explicit()
        return np.array(sp.Array(r).evalf().tolist() if not isinstance(r, sp.MatrixBase) else r.evalf().tolist(), dtype=float)


class ShapeError(Exception):
    pass


def from_sympy_layout(case, R, value, f0, V):
    """SymPy's derivative array (the variable's indices first) in the public convention; a
    differential is applied to the direction V. A bare 0 is the zero of the expected shape."""
    nx, nf, kind = np.size(value), max(np.size(f0), 1), case["kind"]
    want = {"grad": nx, "jacobian": nx * nf, "hessian": nx * nx, "differential": nx * nf}[kind]
    if R.size == 1 and want != 1 and float(R.ravel()[0]) == 0.0:
        R = np.zeros(want)
    if R.size != want:
        raise ShapeError("SymPy's result has %d entries, %d expected" % (R.size, want))
    if kind == "grad":
        return R.reshape(np.shape(value))
    if kind == "jacobian":
        return R.reshape(nx, nf).T
    if kind == "hessian":
        return R.reshape(nx, nx)
    return (np.ravel(V) @ R.reshape(nx, nf)).reshape(np.shape(f0))


def check(case, answer, points=3, seed=7):
    """The largest relative error, against finite differences of f, of answer(vals, dims, V, f0):
    the derivative in the public convention (a differential already applied to V)."""
    rng = np.random.default_rng(seed)
    var, kind = case["variable"], case["kind"]
    worst = 0.0
    for _ in range(points):
        dims = dim_sizes(case["decls"])
        vals = {nm: sample_value(d, dims, rng) for nm, d in case["decls"].items()}
        f = lambda shift: numpy_value(case["fNumpy"], {**vals, var: vals[var] + shift}, dims)  # noqa: E731
        V = sample_direction(case["decls"][var], vals[var], rng)
        if kind == "hessian":
            W = sample_direction(case["decls"][var], vals[var], rng)
            d2 = lambda h: (f(h * V + h * W) - f(h * V - h * W) - f(-h * V + h * W) + f(-h * V - h * W)) / (4 * h * h)  # noqa: E731
            truth = (4 * d2(STEP) - d2(2 * STEP)) / 3
        else:
            d1 = lambda h: (f(h * V) - f(-h * V)) / (2 * h)  # noqa: E731
            truth = (4 * d1(STEP / 4) - d1(STEP / 2)) / 3
        pred = answer(vals, dims, V, f(0 * V))
        if kind == "grad":
            pred = np.sum(np.reshape(pred, np.shape(V)) * V)
        elif kind == "jacobian":
            pred = pred @ V
        elif kind == "hessian":
            pred = V @ pred @ W
        f0 = float(np.linalg.norm(f(0 * V)))
        num = float(np.linalg.norm(np.ravel(pred - truth)))
        den = max(float(np.linalg.norm(np.ravel(pred))), float(np.linalg.norm(np.ravel(truth))), 1e-9 * (1 + f0))
        worst = max(worst, num / den if np.isfinite(num) else float("inf"))
    return worst


def verdict(err, kind):
    return "ok" if err <= RTOL.get(kind, DEFAULT_RTOL) else "WRONG"


# ---- one case, in a forked child

def child(case, conn):
    import sympy as sp
    from sympy.core.cache import clear_cache
    warnings.filterwarnings("ignore")
    sys.setrecursionlimit(3000)
    ns, dsym, syms = {"sp": sp}, {}, {}
    for decl in case["decls"].values():
        for d in decl["dims"]:
            if isinstance(d, str) and d not in dsym:
                dsym[d] = ns[d] = sp.Symbol(d, integer=True, positive=True)
    for nm, decl in case["decls"].items():
        size = [dsym[d] if isinstance(d, str) else sp.Integer(d) for d in decl["dims"]]
        syms[nm] = ns[nm] = (sp.Symbol(nm) if decl["type"] == "scalar"
                             else sp.MatrixSymbol(nm, size[0], 1) if decl["type"] == "vector" else sp.MatrixSymbol(nm, *size))
    clear_cache()
    t0 = time.perf_counter()
    try:
        exec(case["sympy"], ns)  # noqa: S102 - the bench's own snippets
        res = ns["result"]
        res = res.doit() if hasattr(res, "doit") else res
        ms = (time.perf_counter() - t0) * 1000
    except BaseException as e:  # noqa: BLE001 - SymPy raises all sorts, RecursionError included
        conn.send({"status": "raised", "ms": (time.perf_counter() - t0) * 1000, "detail": type(e).__name__ + (": " + str(e).splitlines()[0][:60] if str(e) else "")})
        return
    from sympy.tensor.array.array_derivatives import ArrayDerivative
    if res.has(sp.Derivative) or res.atoms(ArrayDerivative):
        conn.send({"status": "unevaluated", "ms": ms, "detail": str(res)[:60]})
        return
    conn.send({"status": "ok", "ms": ms, "result": str(res)[:300]})
    out = {}
    try:
        out["sympyErr"] = check(case, lambda vals, dims, V, f0: from_sympy_layout(
            case, sympy_value(sp, res, case, dsym, syms, vals, dims), vals[case["variable"]], f0, V))
        out["verdict"] = verdict(out["sympyErr"], case["kind"])
        out["detail"] = "max relative error %.1e" % out["sympyErr"]
    except ShapeError as e:
        out["verdict"], out["detail"] = "WRONG", str(e)
    except Exception as e:  # noqa: BLE001
        out["verdict"], out["detail"] = "not checked", "%s: %s" % (type(e).__name__, str(e)[:60])
    conn.send(out)


def ours(case):
    """Our answer against the same finite differences (a second opinion beside verifyAt)."""
    if not case.get("numpy"):
        return None
    try:
        err = check(case, lambda vals, dims, V, f0: numpy_value(case["numpy"], vals, dims, V, case["variable"]))
        return verdict(err, case["kind"])
    except Exception:  # noqa: BLE001
        return "error"


def run_case(ctx, case, cap):
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=child, args=(case, send))
    p.start()
    send.close()
    row = {"id": case["id"]}
    if not recv.poll(cap):
        row.update(status="timeout", ms=cap * 1000, detail="over the %g s cap" % cap)
    else:
        row.update(recv.recv())
        if row["status"] == "ok":
            row.update(recv.recv() if recv.poll(cap) else {"verdict": "not checked", "detail": "numeric check timed out"})
    p.kill()
    p.join()
    return row


def expected_ms(seen, k):
    """SymPy's time at size k, extrapolated from the sizes before: at least quadratic growth, or
    the growth of the last step when that was steeper."""
    last = seen[-1]
    power = 2.0
    if len(seen) >= 2 and seen[-2]["ms"] > 0 and last["k"] > seen[-2]["k"]:
        power = max(power, np.log(last["ms"] / seen[-2]["ms"]) / np.log(last["k"] / seen[-2]["k"]))
    return last["ms"] * (k / last["k"]) ** power


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cases")
    ap.add_argument("out")
    ap.add_argument("--cap", type=float, default=30.0, help="seconds per case")
    ap.add_argument("--budget", type=float, default=150.0, help="seconds for all cases")
    a = ap.parse_args()
    import sympy as sp
    warnings.filterwarnings("ignore")
    # warm-up, untimed: the first SymPy derivative pays for lazy imports (then inherited by fork)
    n = sp.Symbol("n", integer=True, positive=True)
    X, x = sp.MatrixSymbol("X", n, n), sp.MatrixSymbol("x", n, 1)
    sp.Trace(X * X.T).diff(X), (x.T * X * x).diff(x)
    ctx = mp.get_context("fork")
    cases = json.load(open(a.cases))["cases"]
    rows, history, start = [], {}, time.perf_counter()
    for case in cases:
        seen = history.setdefault(case["group"], []) if case["group"] != "corpus" else []
        if time.perf_counter() - start > a.budget:
            row = {"id": case["id"], "status": "skipped", "detail": "over the %g s budget" % a.budget}
        elif seen and (seen[-1]["status"] == "timeout" or expected_ms(seen, case["k"]) > a.cap * 1000):
            row = {"id": case["id"], "status": "skipped", "detail": "k = %d took %.1f s" % (seen[-1]["k"], seen[-1]["ms"] / 1000)}
        else:
            row = run_case(ctx, case, a.cap)
            seen.append({**row, "k": case.get("k")})
        row["ours"] = ours(case)
        rows.append(row)
        print("  sympy %-14s %9s  %-11s %s" % (case["id"], "%.1f ms" % row["ms"] if "ms" in row else "-", row["status"],
                                               row.get("verdict", row.get("detail", ""))), file=sys.stderr)
    json.dump({"sympy": sp.__version__, "results": rows}, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
