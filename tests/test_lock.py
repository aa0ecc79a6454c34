"""The lock files (`make lock`) match pyproject.toml, and the check says what to do when they do not."""

import shutil
from pathlib import Path

import pytest

from tools import check_lock

ROOT = Path(__file__).resolve().parent.parent


def test_the_lock_files_match_pyproject():
    assert check_lock.problems() == [], "the lock files are out of date: run make lock"


def test_install_ci_and_the_image_install_from_the_lock_with_hashes():
    assert "--require-hashes -r requirements-dev.lock" in (ROOT / "Makefile").read_text()
    assert "--require-hashes --no-deps -r requirements.lock" in (ROOT / "Dockerfile").read_text()
    assert "tools/check_lock.py" in (ROOT / ".ci" / "run").read_text()


@pytest.fixture
def copy(tmp_path):
    for name in ("pyproject.toml", "requirements.lock", "requirements-dev.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_new_pin_in_pyproject_without_make_lock_is_named(copy):
    _edit(copy / "pyproject.toml", '"rapidfuzz==3.14.6",', '"rapidfuzz==3.14.6",\n    "humanize==4.9.0",')
    assert "requirements.lock: humanize==4.9.0 is in pyproject.toml but not in the lock" in check_lock.problems(copy)


def test_a_changed_pin_is_named(copy):
    _edit(copy / "pyproject.toml", '"Django==6.1.3"', '"Django==6.1.4"')
    assert "requirements.lock: django is 6.1.3 in the lock but 6.1.4 in pyproject.toml" in check_lock.problems(copy)


def test_a_removed_pin_that_stays_in_the_lock_is_named(copy):
    _edit(copy / "pyproject.toml", '    "rapidfuzz==3.14.6",\n', "")
    assert any("rapidfuzz is locked for pyproject.toml" in p for p in check_lock.problems(copy))


def test_a_package_without_a_hash_is_named(copy):
    lock = copy / "requirements.lock"
    lines = lock.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("whitenoise=="))
    kept = [lines[start].removesuffix(" \\")] + [line for line in lines[start + 1 :] if "--hash=" not in line]
    lock.write_text("\n".join(lines[:start] + kept) + "\n")
    assert "requirements.lock: whitenoise has no hash" in check_lock.problems(copy)


def test_an_unpinned_dependency_is_refused_with_the_fix(copy):
    _edit(copy / "pyproject.toml", '"rapidfuzz==3.14.6"', '"rapidfuzz>=3"')
    with pytest.raises(SystemExit, match="run make lock"):
        check_lock.problems(copy)


def test_the_failure_message_says_run_make_lock(copy, capsys):
    _edit(copy / "pyproject.toml", '"Django==6.1.3"', '"Django==6.1.4"')
    assert check_lock.main(copy) == 1
    assert "run make lock" in capsys.readouterr().out
