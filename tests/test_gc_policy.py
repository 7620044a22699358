"""The collector settings used while reports render are raised inside the block and restored."""

from __future__ import annotations

import gc
import weakref

import pytest

from advisor.gc_policy import RENDER_THRESHOLD, fewer_collections


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_threshold_raised_and_live_objects_frozen_inside() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (max(RENDER_THRESHOLD, before[0]), *before[1:])
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_restored_when_the_block_raises() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("render failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_garbage_is_still_collected_inside() -> None:
    with fewer_collections(threshold=1000):
        counts = []
        for _ in range(5000):
            Node()
            counts.append(gc.get_count()[0])
    assert max(counts) <= 1000 + 1  # a young collection ran whenever the threshold was reached
    assert min(counts[1000:]) < 1000


def test_the_blocks_garbage_is_freed_when_it_ends() -> None:
    # A render leaves its object graph (reference cycles holding C memory) for a full collection
    # to free; a batch worker renders hundreds of reports, so the block frees it itself.
    with fewer_collections():
        garbage = Node()
        alive = weakref.ref(garbage)
        del garbage
        assert alive() is not None  # under the raised threshold nothing has collected it yet
    assert alive() is None
