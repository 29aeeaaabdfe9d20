"""
The site's own settings, with its static files collected into BENCH_STATIC_ROOT.

`bench/wrk.py` serves the site from a temporary copy of the static files, so
that a run leaves the working tree's `staticfiles/` as it was; everything else
is `lumcglobal.settings` as the environment makes it.
"""

import os
from pathlib import Path

from lumcglobal.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
