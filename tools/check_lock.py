"""Check that the lock files match pyproject.toml (used by `make install`, `.ci/run` and tests/test_lock.py).

`requirements.lock` (what the site runs on) and `requirements-dev.lock` (plus the test and lint tools) are made
by `make lock` from the pins in pyproject.toml, with a hash for every file. This check needs no network:

- every package pinned in pyproject.toml is in the lock at exactly that version (dev pins in the dev lock);
- no package is in a lock "via leuvenhelpt (pyproject.toml)" that pyproject.toml no longer names;
- every locked package has at least one hash (so `pip install --require-hashes` can install it);
- a package in both locks has the same version in both.

When it fails, the fix is always the same: run `make lock` and commit both lock files.
"""

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = "run make lock (and commit requirements.lock and requirements-dev.lock)"
_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*([^\s;]+)")
_LOCKED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def normalise(name: str) -> str:
    """PEP 503: `Django`, `django_allauth` and `django-allauth` are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Locked:
    version: str
    hashes: int = 0
    via: set[str] = field(default_factory=set)


def read_pyproject(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The pinned (name → version) runtime dependencies and dev dependencies; an unpinned one is an error."""
    project = tomllib.loads(path.read_text())["project"]

    def pins(requirements: list[str]) -> dict[str, str]:
        found = {}
        for requirement in requirements:
            match = _PIN.match(requirement)
            if match is None:
                raise SystemExit(f"pyproject.toml: {requirement!r} is not pinned with ==; pin it, then {FIX}")
            found[normalise(match[1])] = match[2]
        return found

    return pins(project.get("dependencies", [])), pins(project.get("optional-dependencies", {}).get("dev", []))


def read_lock(path: Path) -> dict[str, Locked]:
    """A pip-compile output: `name==version \\` lines, their `--hash=` lines and `# via` comments."""
    locked: dict[str, Locked] = {}
    current: Locked | None = None
    in_via = False
    for line in path.read_text().splitlines():
        stripped = line.strip()
        match = _LOCKED.match(line)
        if match:
            current = locked[normalise(match[1])] = Locked(version=match[2])
            in_via = False
        elif current is not None and stripped.startswith("--hash="):
            current.hashes += 1
        elif current is not None and stripped.startswith("# via"):
            rest = stripped.removeprefix("# via").strip()
            in_via = not rest
            if rest:
                current.via.add(rest)
        elif current is not None and in_via and stripped.startswith("#   "):
            current.via.add(stripped.removeprefix("#").strip())
        elif not stripped.startswith("#"):
            in_via = False
    return locked


def problems(root: Path = ROOT) -> list[str]:
    """Everything that does not match; empty when the locks are current."""
    runtime, dev = read_pyproject(root / "pyproject.toml")
    found = []
    locks = {}
    for name in ("requirements.lock", "requirements-dev.lock"):
        if not (root / name).exists():
            return [f"{name} is missing: {FIX}"]
        locks[name] = read_lock(root / name)
    wanted = {"requirements.lock": runtime, "requirements-dev.lock": runtime | dev}
    for lock_name, pins in wanted.items():
        locked = locks[lock_name]
        for name, version in sorted(pins.items()):
            if name not in locked:
                found.append(f"{lock_name}: {name}=={version} is in pyproject.toml but not in the lock")
            elif locked[name].version != version:
                found.append(
                    f"{lock_name}: {name} is {locked[name].version} in the lock but {version} in pyproject.toml"
                )
        for name, entry in sorted(locked.items()):
            if entry.hashes == 0:
                found.append(f"{lock_name}: {name} has no hash")
            top_level = any(via.startswith("leuvenhelpt") for via in entry.via)
            if top_level and name not in pins and len(entry.via) == 1:
                found.append(f"{lock_name}: {name} is locked for pyproject.toml, which no longer names it")
    runtime_lock, dev_lock = locks["requirements.lock"], locks["requirements-dev.lock"]
    for name, entry in sorted(runtime_lock.items()):
        if name in dev_lock and dev_lock[name].version != entry.version:
            found.append(
                f"{name} is {entry.version} in requirements.lock but {dev_lock[name].version} in requirements-dev.lock"
            )
    return found


def main(root: Path = ROOT) -> int:
    found = problems(root)
    if found:
        print("The lock files do not match pyproject.toml:")
        for problem in found:
            print(f"  - {problem}")
        print(f"To fix: {FIX}.")
        return 1
    print("The lock files match pyproject.toml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
