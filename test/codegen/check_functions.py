"""Runs generated Python modules (numpy, torch, jax) on random values and checks each function.

Input (JSON on stdin): {"libs": [...], "cases": [{"id", "decls": [{"name", "shape", "posdef",
"symmetric"}], "modules": {lib: text}, "queries": [{"oracle", "variable", "andValue"}]}]}.
Each module's public functions come in query order: the function, then its `_and_value`
variant when the query has one. A function's result must equal `oracle` (the unplanned NumPy
printer's expression, evaluated in a namespace of the declared names); an `_and_value`
variant must return the same gradient, and that gradient must match central differences of the
value it returns. Prints one JSON object: {"skipped": {lib: why}, "results": [{"id", "lib",
"errors"}]}.
"""
import inspect
import json
import sys

import numpy as np

# q and p at least n: X'*X of an X : matrix(q, n) is then invertible
DIMS = {"n": 4, "m": 3, "p": 5, "k": 2, "q": 6, "r": 2, "d": 3}


def dim(d):
    if isinstance(d, int):
        return d
    out = 1
    for part in str(d).split("*"):
        part = part.strip()
        out *= int(part) if part.isdigit() else DIMS.get(part, 4)
    return out


def sample(rng, decls):
    vals = {}
    for d in decls:
        rows, cols = (dim(k) for k in d["shape"])
        for nm in (d["name"], "d" + d["name"]):
            if rows == 1 and cols == 1:
                vals[nm] = float(rng.uniform(0.5, 1.5))
                continue
            v = rng.uniform(0.5, 1.5, (rows, cols))
            if d.get("orthogonal") and nm == d["name"]:
                v = np.linalg.qr(v)[0]
            elif d.get("posdef"):
                v = v @ v.T + rows * np.eye(rows)
            elif d.get("symmetric"):
                v = (v + v.T) / 2
            vals[nm] = v.ravel() if cols == 1 or rows == 1 else v
        # the direction's other spelling, where a symbol takes the name dX
        vals["d_" + d["name"]] = vals["d" + d["name"]]
    return vals


def library(lib):
    """(convert an input, convert an output back to numpy), or a reason it is unavailable."""
    if lib == "numpy":
        return (lambda v: v, np.asarray), None
    try:
        if lib == "torch":
            import torch

            torch.set_num_threads(1)
            return (lambda v: torch.tensor(v, dtype=torch.float64) if isinstance(v, np.ndarray) else v,
                    lambda r: r.detach().numpy() if hasattr(r, "detach") else np.asarray(r)), None
        import jax

        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp

        return (lambda v: jnp.asarray(v) if isinstance(v, np.ndarray) else v, np.asarray), None
    except Exception as err:  # noqa: BLE001 - any import failure is a reason to report
        return None, f"{lib} not importable in {sys.executable}: {err}"


def close(got, want, tol=1e-7):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return f"shape {got.shape}, expected {want.shape}"
    err = np.max(np.abs(got - want), initial=0.0) / (1 + np.max(np.abs(want), initial=0.0))
    return None if err <= tol else f"relative error {err:.3g}"


def check_case(case, lib, convert, back, rng):
    vals = sample(rng, case["decls"])
    namespace = {"np": np, **vals, **{k: v for k, v in DIMS.items() if k not in vals}}
    module = {}
    exec(case["modules"][lib], module)  # noqa: S102 - the code under test
    public = [f for name, f in module.items() if callable(f) and not name.startswith("_") and inspect.isfunction(f)]
    errors = []

    def call(fn, overrides=None):
        args = []
        for p in inspect.signature(fn).parameters:
            # a Python keyword was renamed with a trailing underscore
            name = p[:-1] if p.endswith("_") and p not in vals else p
            v = (overrides or {}).get(name, vals[name] if name in vals else DIMS.get(name, 4))
            args.append(convert(v))
        return fn(*args)

    i = 0
    for q in case["queries"]:
        fn = public[i]
        i += 1
        want = eval(q["oracle"], dict(namespace))  # noqa: S307 - the independent printer's expression
        problem = close(back(call(fn)), want)
        if problem:
            errors.append(f"{fn.__name__}: {problem}")
        if not q.get("andValue"):
            continue
        fv = public[i]
        i += 1
        value, grad = call(fv)
        problem = close(back(grad), want)
        if problem:
            errors.append(f"{fv.__name__} gradient: {problem}")
        x = np.asarray(vals[q["variable"]], dtype=float)
        fd = np.zeros(x.size)
        h = 1e-6
        for j in range(x.size):
            e = np.zeros(x.size)
            e[j] = h
            plus = x + e.reshape(x.shape) if x.ndim else float(x + h)
            minus = x - e.reshape(x.shape) if x.ndim else float(x - h)
            vp = float(back(call(fv, {q["variable"]: plus})[0]))
            vm = float(back(call(fv, {q["variable"]: minus})[0]))
            fd[j] = (vp - vm) / (2 * h)
        problem = close(back(grad).ravel(), fd, 1e-5)
        if problem:
            errors.append(f"{fv.__name__} against finite differences: {problem}")
    if i != len(public):
        errors.append(f"{len(public)} functions for {i} expected")
    return errors


def main():
    job = json.load(sys.stdin)
    rng = np.random.default_rng(7)
    skipped, results = {}, []
    for lib in job["libs"]:
        conv, why = library(lib)
        if conv is None:
            skipped[lib] = why
            continue
        for case in job["cases"]:
            try:
                errors = check_case(case, lib, conv[0], conv[1], rng)
            except Exception as err:  # noqa: BLE001 - reported as the case's error
                errors = [f"{type(err).__name__}: {err}"]
            results.append({"id": case["id"], "lib": lib, "errors": errors})
    print(json.dumps({"skipped": skipped, "results": results}))


main()
