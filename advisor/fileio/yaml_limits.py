"""A YAML safe loader whose aliases cannot blow a small file up into a huge document.

PyYAML shares an aliased node instead of copying it, so parsing an alias bomb ("billion laughs")
is cheap; the cost comes later, when validation, scoring or a merge key (`<<: *a`) walks every
path through the shared nodes. The loader counts, while composing, how many nodes the aliases
stand for once expanded and refuses the document past `MAX_ALIAS_NODES`; an alias to a node that
is still being composed (a document that contains itself) is refused too. Documents without
aliases are not limited here. A key given twice in one mapping is refused (PyYAML would keep the
last one silently).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

#: How many nodes all aliases of one document may stand for, once expanded. Our own files use
#: no aliases; a questionnaire that reuses its choice lists stays far below.
MAX_ALIAS_NODES = 100_000


class LimitedSafeLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` with a budget on alias expansion and no recursive aliases."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._sizes: dict[int, int] = {}  # id(node) -> nodes it stands for, expanded
        self._expanded = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:
                raise ComposerError(None, None, "an alias refers to a node that contains it"
                                    " (recursive aliases are not allowed)", mark)
            self._expanded += size
            if self._expanded > MAX_ALIAS_NODES:
                raise ComposerError(None, None, "aliases expand the document to more than"
                                    f" {MAX_ALIAS_NODES:,} nodes (an alias bomb?)", mark)
            return node
        node = super().compose_node(parent, index)
        self._sizes[id(node)] = 1 + sum(self._sizes.get(id(child), 1) for child in _children(node))
        return node


    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        # PyYAML keeps the last of two equal keys without a word; a user who wrote `stage`
        # twice meant one of them, and cannot tell which one counted. Merged keys (`<<`) may
        # be overridden: that is what merging is for.
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], Any] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                key = (key_node.tag, key_node.value)
                if key in seen:
                    first = seen[key].start_mark.line + 1
                    raise ConstructorError(
                        None, None, f"duplicate key {key_node.value!r} (first on line {first});"
                        " give each key once", key_node.start_mark)
                seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
