"""Keeping host identifiers out of a probe report unless `--include-identifiers` is given.

Two layers. Each probe leaves out what it knows to be identifying (host and user names, GPU
UUIDs and serial numbers, DMI serials and UUIDs, MAC addresses, identifying TPU_* values, paths
under the home folder). Then, before the report is assembled, every string a probe returned (its
document, failure reason and stderr tail) is scrubbed here of this machine's host name, user name
and home folder, and of anything shaped like a UUID, a GPU/MIG UUID or a MAC address, in case a
probe or a framework's message let one through (a traceback names the home folder, an error
quotes CUDA_VISIBLE_DEVICES).
"""

from __future__ import annotations

import getpass
import os
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, assert_never

from advisor.probing.outcomes import FailedProbe, ProbeOutcome, ProbeSuccess, SkippedProbe

#: Host names that identify nothing.
GENERIC_HOSTNAMES = frozenset({"", "localhost", "localhost.localdomain", "localhost6"})
#: User names that identify nothing (their home folder is still shown as ~).
GENERIC_USERS = frozenset({"", "root"})

_HEX = "[0-9a-fA-F]"
_UUID = rf"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"
#: Lookaheads: the hex run that follows holds at least one letter and one digit.
_MIXED = r"(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*[0-9])"
#: (pattern, placeholder), applied in order: GPU/MIG UUIDs before bare UUIDs.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b(?:GPU|MIG)-{_UUID}\b"), "<gpu-uuid>"),
    (re.compile(rf"\b{_UUID}\b"), "<uuid>"),
    # A UUID or machine id written without dashes: 32 hex digits, letters and digits mixed (a
    # run of decimal digits is a number, not an id).
    (re.compile(rf"(?<![\w-]){_MIXED}{_HEX}{{32}}(?![\w-])"), "<uuid>"),
    # MAC addresses: aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff (Windows), aabb.ccdd.eeff (Cisco) and
    # aabbccddeeff (sysfs, many tools), upper or lower case.
    (re.compile(rf"(?<![0-9a-fA-F:-]){_HEX}{{2}}([:-]){_HEX}{{2}}(?:\1{_HEX}{{2}}){{4}}"
                rf"(?![0-9a-fA-F:-])"), "<mac>"),
    (re.compile(rf"(?<![\w.]){_HEX}{{4}}\.{_HEX}{{4}}\.{_HEX}{{4}}(?![\w.])"), "<mac>"),
    (re.compile(rf"(?<![\w-]){_MIXED}{_HEX}{{12}}(?![\w-])"), "<mac>"),
)
# A name counts only as a whole token: not inside a longer word, path segment or domain label.
_BEFORE = r"(?<![\w.-])"
_AFTER = r"(?![\w-])"


@dataclass(frozen=True)
class HostIdentifiers:
    """The identifying names of the machine the probes ran on."""

    hostnames: tuple[str, ...] = ()
    user: str | None = None
    home: str | None = None
    #: Other values that name this machine (machine id, DMI serials): replaced by "<id>".
    machine_ids: tuple[str, ...] = ()

    @classmethod
    def of_this_machine(cls) -> HostIdentifiers:
        """This machine's host names (full and short), user name and home folder."""
        names = {socket.gethostname(), os.uname().nodename if hasattr(os, "uname") else ""}
        names |= {name.split(".")[0] for name in names}
        try:
            user: str | None = getpass.getuser()
        except Exception:  # no user name in the environment nor in the password database
            user = None
        home = str(Path.home()) if os.environ.get("HOME") or user else None
        return cls(hostnames=_meaningful(names, GENERIC_HOSTNAMES), user=user, home=home,
                   machine_ids=tuple(_readable_ids()))


def _readable_ids() -> list[str]:
    """/etc/machine-id and the DMI serials and UUID this user may read (most need root)."""
    found = []
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id", *(
            f"/sys/class/dmi/id/{name}" for name in
            ("product_uuid", "product_serial", "board_serial", "chassis_serial"))):
        try:
            value = Path(path).read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue
        # Placeholders some vendors ship ("To Be Filled By O.E.M.", "0") name nothing.
        if len(value) >= 6 and value.lower() not in _PLACEHOLDER_IDS and value not in found:
            found.append(value)
    return found


_PLACEHOLDER_IDS = frozenset({"to be filled by o.e.m.", "default string", "not specified",
                              "system serial number", "none", "n/a", "0123456789"})


def _meaningful(names: Iterable[str], generic: frozenset[str]) -> tuple[str, ...]:
    # Longest first, so "node7.example.org" is replaced before "node7".
    return tuple(sorted({name for name in names if name.lower() not in generic},
                        key=lambda name: (-len(name), name)))


def scrub_text(text: str, identifiers: HostIdentifiers) -> str:
    """`text` with this machine's names and UUID-, serial- and MAC-shaped values replaced."""
    home = identifiers.home
    if home and home not in ("/", ""):
        # Only where a path starts: "/sys/fs/cgroup/root" is not the home folder "/root".
        text = re.sub(r"(?<![\w.~/-])" + re.escape(home.rstrip("/")) + r"(?![\w.-])", "~", text)
    user = identifiers.user
    if user and user.lower() not in GENERIC_USERS:
        text = re.sub(rf"(?<=/){re.escape(user)}(?=/|$|[\s'\"])", "<user>", text)
        text = re.sub(rf"{_BEFORE}{re.escape(user)}@", "<user>@", text)
    for name in identifiers.hostnames:
        text = re.sub(_BEFORE + re.escape(name) + _AFTER, "<hostname>", text)
    for value in identifiers.machine_ids:
        # Tools print the same id in upper or lower case (dmidecode, lsblk, /etc/machine-id).
        text = re.sub(re.escape(value), "<id>", text, flags=re.IGNORECASE)
    for pattern, placeholder in PATTERNS:
        text = pattern.sub(placeholder, text)
    return text


def scrub(value: Any, identifiers: HostIdentifiers) -> Any:
    """A copy of a JSON-like value with every string (keys too) scrubbed."""
    if isinstance(value, str):
        return scrub_text(value, identifiers)
    if isinstance(value, dict):
        return {scrub(key, identifiers): scrub(item, identifiers) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item, identifiers) for item in value]
    return value


def scrub_outcome(outcome: ProbeOutcome, identifiers: HostIdentifiers) -> ProbeOutcome:
    """The outcome with its document, reason and stderr scrubbed of identifiers."""
    if isinstance(outcome, ProbeSuccess):
        return replace(outcome, data=scrub(outcome.data, identifiers),
                       stderr=scrub_text(outcome.stderr, identifiers))
    if isinstance(outcome, SkippedProbe):
        return replace(outcome, reason=scrub_text(outcome.reason, identifiers))
    if isinstance(outcome, FailedProbe):
        return replace(outcome, reason=scrub_text(outcome.reason, identifiers),
                       stderr_tail=scrub_text(outcome.stderr_tail, identifiers))
    assert_never(outcome)
