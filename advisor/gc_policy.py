"""Fewer garbage collections while reports render, and the render's garbage freed at the end.

WeasyPrint builds several hundred thousand short-lived objects per PDF (boxes, styles, text
runs). With CPython's default threshold (700 allocations) the collector runs thousands of times
per report and rescans every long-lived object (modules, stylesheets, fonts, chart caches) in
each full pass; a higher threshold and the objects alive before rendering frozen out of the
scans (`gc.freeze`, as CPython documents for long-running workers) avoid that.

The render's object graph is full of reference cycles (boxes point at their parents) holding
Pango layouts and fonts in C memory, and by the end they have survived many young collections:
only a full collection frees them. The block therefore ends with one while the older objects
are still frozen, so it scans only what the render made; without it a batch worker grows with
every profile. The figures: docs/notes/render-garbage-collection.md.
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
