"""Wall time of generated NumPy gradients and Hessians against torch.autograd, one thread each
(run by run.mjs with /usr/bin/python3 and Debian's python3-torch). torch differentiates the
function's value written by mcalc's torch back end: torch.autograd.grad for a gradient,
torch.autograd.functional.hessian(..., vectorize=True) for a Hessian. Best of 3 runs."""
import inspect
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)


def values(decls, n, rng):
    out = {}
    for d in decls:
        rows, cols = (n if isinstance(x, str) else x for x in d["shape"])
        if rows == 1 and cols == 1:
            out[d["name"]] = float(rng.uniform(0.5, 1.5))
            continue
        v = rng.standard_normal((rows, cols)) / np.sqrt(max(rows, cols))
        if d.get("posdef"):
            v = v @ v.T + np.eye(rows)
        elif d.get("symmetric"):
            v = (v + v.T) / 2
        out[d["name"]] = v.ravel() if cols == 1 or rows == 1 else v
    return out


def best(f, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def module(text):
    ns = {}
    exec(text, ns)  # noqa: S102 - the generated code being timed
    return ns


def main():
    job = json.load(sys.stdin)
    rng = np.random.default_rng(1)
    print("\n| case | n | generated NumPy (ms) | torch.autograd (ms) | torch / NumPy |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for j in job["jobs"]:
        gen = module(j["numpy"])[j["name"]]
        value = module(j["torchValue"])["value"]
        for n in job["sizes"]:
            if j["kind"] == "hessian" and n > j.get("hessianMax", 1000):
                continue
            vals = values(j["decls"], n, rng)
            arg = lambda p, d: d.get(p.rstrip("_"), n)  # noqa: E731 - a dimension parameter is n
            np_args = [arg(p, vals) for p in inspect.signature(gen).parameters]
            tvals = {k: torch.tensor(v) if isinstance(v, np.ndarray) else torch.tensor(v, dtype=torch.float64) for k, v in vals.items()}
            tnames = list(inspect.signature(value).parameters)
            var = j["variable"]

            def torch_grad():
                x = tvals[var].clone().requires_grad_(True)
                args = [x if p.rstrip("_") == var else tvals.get(p.rstrip("_"), n) for p in tnames]
                return torch.autograd.grad(value(*args), x)[0]

            def torch_hessian():
                def f(x):
                    return value(*[x if p.rstrip("_") == var else tvals.get(p.rstrip("_"), n) for p in tnames])

                return torch.autograd.functional.hessian(f, tvals[var], vectorize=True)

            t_np = best(lambda: gen(*np_args))
            t_torch = best(torch_grad if j["kind"] == "grad" else torch_hessian)
            print(f"| {j['id']} ({j['kind']}) | {n} | {t_np * 1e3:.2f} | {t_torch * 1e3:.2f} | {t_torch / t_np:.2f} |", flush=True)


main()
