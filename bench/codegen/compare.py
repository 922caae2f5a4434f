"""Flops of generated vs hand-written optimal NumPy per bench case (run by run.mjs)."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from flops import count  # noqa: E402


def shapes(decls, n):
    out = {}
    for d in decls:
        rows, cols = (n if isinstance(x, str) else x for x in d["shape"])
        out[d["name"]] = () if rows == 1 and cols == 1 else (rows,) if cols == 1 else (cols,) if rows == 1 else (rows, cols)
        for x in d["shape"]:
            if isinstance(x, str):
                out[x] = n
    return out


def main():
    job = json.load(sys.stdin)
    n = job["n"]
    print(f"| case | generated flops | optimal flops | ratio |  (n = {n}, every dimension)")
    print("| --- | ---: | ---: | ---: |")
    total_g = total_o = 0.0
    worst = 0.0
    for j in job["jobs"]:
        s = shapes(j["decls"], n)
        g = count(j["numpy"], j["name"], s)
        o = count(Path(j["optimalFile"]).read_text(), j["optimal"], s)
        total_g += g
        total_o += o
        ratio = g / o if o else float("inf")
        worst = max(worst, ratio)
        print(f"| {j['id']} | {g:.4g} | {o:.4g} | {ratio:.3f} |")
    print(f"| **total** | {total_g:.4g} | {total_o:.4g} | **{total_g / total_o:.3f}** |")
    print(f"\nworst case ratio {worst:.3f}; total ratio {total_g / total_o:.3f} ({len(job['jobs'])} cases)")


main()
