"""Reading user files safely and writing outputs atomically."""

from advisor.fileio.atomic import atomic_write_bytes, atomic_write_json, atomic_write_text
from advisor.fileio.folders import OutputFolderError, prepare_output_dir, refuse_symlinks
from advisor.fileio.structured import (
    MAX_DEPTH,
    MAX_INPUT_BYTES,
    load_structured_file,
    parse_structured_text,
    read_regular_file,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_INPUT_BYTES",
    "OutputFolderError",
    "atomic_write_bytes",
    "atomic_write_json",
    "atomic_write_text",
    "load_structured_file",
    "parse_structured_text",
    "prepare_output_dir",
    "read_regular_file",
    "refuse_symlinks",
]
