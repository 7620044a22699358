"""Report rendering: the report context, then HTML, PDF and Markdown from it."""

from advisor.fileio.cache import point_matplotlib_cache

# Before any chart module imports matplotlib: its font cache goes into the advisor's cache
# folder, not into the user's home (see advisor.fileio.cache).
point_matplotlib_cache()
