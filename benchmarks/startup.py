"""Start-up of ``calctutor --help`` as a ratio to ``python -c "import sympy"``, in one run.

    /tmp/venv/bin/python benchmarks/startup.py [--repeat 9]

The two commands run alternately ``--repeat`` times each (so load on a shared
machine hits both alike); prints each median and the ratio of the medians.
``--help`` must not import SymPy at all, so the ratio is well below 1.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of each command")
    args = parser.parse_args()
    helps, sympys = [], []
    help_cmd = [sys.executable, "-m", "tutor", "--help"]
    sympy_cmd = [sys.executable, "-c", "import sympy"]
    _wall(help_cmd), _wall(sympy_cmd)  # warm the file cache for both
    for _ in range(args.repeat):
        helps.append(_wall(help_cmd))
        sympys.append(_wall(sympy_cmd))
    h, s = statistics.median(helps), statistics.median(sympys)
    print(f"calctutor --help: median {h * 1e3:.0f} ms over {args.repeat} runs")
    print(f"import sympy:     median {s * 1e3:.0f} ms over {args.repeat} runs")
    print(f"ratio (--help / import sympy): {h / s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
