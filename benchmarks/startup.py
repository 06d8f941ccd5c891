"""Start-up as ratios to ``python -c "import sympy"``, measured in one run.

    python benchmarks/startup.py [--repeat 9]

Three commands run alternately ``--repeat`` times each with ``import sympy`` (so load on a shared
machine hits all alike); prints each median and the ratio of the medians:

- ``calctutor --help`` never imports SymPy, so its ratio is well below 1;
- ``calctutor check "2x" --of "x^2"`` target ≤ 1.3;
- ``calctutor practice chain-rule`` until its first exercise is on the screen (the time from
  starting the process to reading "Exercise 1" and its prompt on its piped output; the process
  is then ended), target ≤ 1.2. As a student types it (no ``--seed``): after the first run the
  packs come from the pack cache and the first exercise from a variant the previous session
  prepared (tutor/session/prepared.py), so SymPy is imported after it is on the screen.

Wall time of a child process; CPU time (user + system of the child) is printed beside it, since
it is less sensitive to other work on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import tutor


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _run_until(command: list[str], env: dict[str, str], marker: bytes) -> tuple[float, float]:
    """Wall time until ``marker`` has appeared on the child's output; CPU time of the child until then."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env=env)
    seen = b""
    assert child.stdout is not None
    while marker not in seen:
        chunk = os.read(child.stdout.fileno(), 65536)
        if not chunk:
            break
        seen += chunk
    wall = time.perf_counter() - start
    child.kill()
    child.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if marker not in seen:
        raise SystemExit(f"{' '.join(command)} never printed {marker!r}")
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of each command")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="calctutor-bench-")
    env = {**os.environ, "CALCTUTOR_HOME": home, "CALCTUTOR_PACKS": "", "NO_COLOR": "1"}
    # An installed package has its bytecode compiled (pip does it at install); without it every run
    # would measure compiling tutor's sources, ~40 % of its own start-up, which no student pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.dirname(tutor.__file__)], check=True,
                   stdout=subprocess.DEVNULL, env=env)
    commands = {
        "import sympy": [sys.executable, "-c", "import sympy"],
        "calctutor --help": [sys.executable, "-m", "tutor", "--help"],
        'calctutor check "2x" --of "x^2"': [sys.executable, "-m", "tutor", "check", "2x", "--of", "x^2"],
        "calctutor practice chain-rule": [sys.executable, "-m", "tutor", "practice", "chain-rule"],
    }
    # The first exercise is on the screen once its prompt line ("Find ...") has been printed.
    until = {"calctutor practice chain-rule": b"Find"}
    def measure(name: str) -> tuple[float, float]:
        if name in until:
            return _run_until(commands[name], env, until[name])
        return _run(commands[name], env)

    for name in commands:  # warm the file cache and the pack cache
        measure(name)
    # One whole practice session (a measured run is ended as soon as its exercise shows): it caches
    # the packs and prepares the next session's first exercise, as any session a student ends does.
    subprocess.run(commands["calctutor practice chain-rule"], input=b":quit\n", stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=env, check=True, timeout=120)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name in commands:
            wall, cpu = measure(name)
            walls[name].append(wall)
            cpus[name].append(cpu)
    base_wall = statistics.median(walls["import sympy"])
    base_cpu = statistics.median(cpus["import sympy"])
    for name in commands:
        w, c = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"{name:34} wall {w * 1e3:5.0f} ms ({w / base_wall:.2f}×)   cpu {c * 1e3:5.0f} ms ({c / base_cpu:.2f}×)")
    print(f"(medians of {args.repeat} alternating runs; ratios to import sympy)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
