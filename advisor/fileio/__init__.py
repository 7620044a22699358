"""Reading user files safely and writing outputs atomically."""

from advisor.fileio.atomic import atomic_write_bytes, atomic_write_json, atomic_write_text
from advisor.fileio.structured import MAX_INPUT_BYTES, load_structured_file, parse_structured_text

__all__ = [
    "MAX_INPUT_BYTES",
    "atomic_write_bytes",
    "atomic_write_json",
    "atomic_write_text",
    "load_structured_file",
    "parse_structured_text",
]
