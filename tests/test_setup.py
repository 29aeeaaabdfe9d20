"""The set-up scripts the Makefile uses."""

import subprocess
import sys

from tests.checkers import ROOT

FIND_PYTHON = str(ROOT / "scripts" / "find-python")


def test_find_python_takes_the_python_it_is_given():
    result = subprocess.run(
        [FIND_PYTHON],
        env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == sys.executable


def test_find_python_says_what_to_install_when_there_is_none(tmp_path):
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")  # a Python older than 3.12 fails the version test
    old.chmod(0o755)

    result = subprocess.run(
        ["/bin/sh", FIND_PYTHON], env={"PATH": str(tmp_path)}, capture_output=True, text=True
    )

    assert result.returncode == 1
    assert "No Python 3.12 or newer was found" in result.stderr
    assert "pyenv install 3.13" in result.stderr
