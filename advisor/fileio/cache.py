"""Where the advisor lets matplotlib keep its font cache.

Left alone, matplotlib writes its cache into `~/.matplotlib` or `~/.cache/matplotlib` and
`~/.config/matplotlib` of whoever runs the advisor. The advisor points it into its own cache
folder instead: `$ADVISOR_CACHE_DIR` when set, else `$XDG_CACHE_HOME/advisor` (by default
`~/.cache/advisor`), subfolder `matplotlib`. matplotlib falls back to a temporary folder by
itself when that one cannot be written (a read-only home). A `MPLCONFIGDIR` the user set wins.
"""

from __future__ import annotations

import os
from pathlib import Path


def advisor_cache_dir() -> Path:
    """The advisor's user cache folder (not made here)."""
    explicit = os.environ.get("ADVISOR_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return Path(xdg if xdg else Path.home() / ".cache") / "advisor"


def point_matplotlib_cache() -> None:
    """Set MPLCONFIGDIR (unless the user did) before matplotlib is first imported."""
    if not os.environ.get("MPLCONFIGDIR"):
        os.environ["MPLCONFIGDIR"] = str(advisor_cache_dir() / "matplotlib")
