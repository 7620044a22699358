"""Exit codes of the command line (docs/contract.md section 4)."""

from enum import IntEnum


class ExitStatus(IntEnum):
    """What a finished command tells its caller."""

    OK = 0
    PARTIAL = 1  # a probe or a batch item failed; everything else was written
    USAGE = 2  # usage or input error, one clear message on stderr
    INTERNAL_ERROR = 70  # a bug in advisor itself (EX_SOFTWARE of sysexits.h), never user error
    INTERRUPTED = 130  # Ctrl-C; nothing half-written is left behind
