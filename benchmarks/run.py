"""`make bench`: run every benchmarks/bench_*.py in turn and print what each measures."""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    failed = []
    for script in scripts:
        print(f"\n=== {script.name}", flush=True)
        env = {**os.environ, "PYTHONPATH": str(HERE.parent)}  # `from benchmarks.… import …` in every script
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, env=env, check=False)
        if result.returncode != 0:
            failed.append(script.name)
    print(f"\n{len(scripts)} benchmarks run, {len(failed)} missed their target or failed: {', '.join(failed) or '-'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
