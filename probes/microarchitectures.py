"""fp32 FLOPs per cycle per core by CPU micro-architecture, for the estimated peak
(cpu_features.py: peak = physical cores x GHz x FLOPs per cycle).

FLOPs per cycle = FMA units x SIMD lanes of fp32 x 2 (an FMA is two FLOPs), by micro-architecture:

| ISA and units                          | examples                                     | FLOPs |
|----------------------------------------|----------------------------------------------|-------|
| AVX-512, 2 x 512-bit FMA (2 x 16 x 2)   | Skylake-SP/Cascade/Cooper Lake Gold 6/Plat., | 64    |
|                                        | Ice Lake-SP, Sapphire/Emerald/Granite Rapids,|       |
|                                        | Xeon Phi, Zen 5 (Turin, Granite Ridge)       |       |
| AVX-512 on 1 x 512-bit or 2 x 256-bit  | Skylake-SP Bronze/Silver/Gold 5xxx, Ice/Tiger| 32    |
|                                        | Lake client, Zen 4, Zen 5 laptop (Strix Pt.) |       |
| AVX2 + FMA, 2 x 256-bit FMA (2 x 8 x 2) | Haswell ... Raptor/Meteor/Arrow Lake P-cores,| 32    |
|                                        | Zen 2, Zen 3                                 |       |
| AVX2 + FMA on 2 x 128-bit units        | Zen, Zen+, Hygon; Intel E-cores (Gracemont,  | 16    |
|                                        | Crestmont: Alder Lake-N, Sierra Forest)      |       |
| AVX, no FMA: 1 add + 1 mul, 256-bit    | Sandy Bridge, Ivy Bridge                     | 16    |
| Arm SVE 2 x 512-bit                    | Fujitsu A64FX                                | 64    |
| Arm SVE 2 x 256-bit / NEON 4 x 128-bit | Neoverse V1, V2, V3; Apple P-cores           | 32    |
| Arm NEON 2 x 128-bit FMA               | Neoverse N1, N2, N3, AmpereOne, Cortex-A76/  | 16    |
|                                        | A78, Apple E-cores                           |       |
| Arm NEON, 1 FMA per cycle (2 x 128)    | Cortex-A72/A73                               | 8     |

Clouds: Graviton2 = N1, Graviton3 = V1, Graviton4, Google Axion and NVIDIA Grace = V2, Ampere
Altra = N1. A heterogeneous Arm CPU (Apple P + E cores under Linux, big.LITTLE) is summed over
its clusters, each at its own maximum clock. Hybrid Intel client parts are counted at the P-core
rate (an upper bound). On macOS there is no /proc/cpuinfo and Apple silicon exposes no clock, so
the peak is null there (its matmuls run on the AMX units anyway, not on NEON).

Only micro-architectures in these tables get an estimate; otherwise the peak is null, never a
guess. Standard library only.
"""

from __future__ import annotations

import re

# (first model, last model) inclusive -> (micro-architecture, fp32 FLOPs/cycle), by family.
# Model ranges as in Linux (arch/x86/kernel/cpu/amd.c). Zen 4 runs AVX-512 on 256-bit units;
# Zen 5 has full 512-bit units on desktop and server parts (Granite Ridge, Turin, Strix Halo) but
# a 256-bit datapath on the Strix Point and Krackan Point laptop parts.
_AMD: dict[int, list[tuple[int, int, str, int]]] = {
    0x17: [(0x00, 0x2F, "Zen/Zen+", 16), (0x30, 0x4F, "Zen 2", 32), (0x60, 0x7F, "Zen 2", 32),
           (0x90, 0x91, "Zen 2", 32), (0xA0, 0xAF, "Zen 2", 32)],
    0x18: [(0x00, 0xFF, "Zen (Hygon Dhyana)", 16)],
    0x19: [(0x00, 0x0F, "Zen 3", 32), (0x10, 0x1F, "Zen 4", 32), (0x20, 0x5F, "Zen 3", 32),
           (0x60, 0xAF, "Zen 4", 32)],
    0x1A: [(0x00, 0x1F, "Zen 5", 64), (0x20, 0x2F, "Zen 5 (256-bit datapath)", 32),
           (0x40, 0x4F, "Zen 5", 64), (0x60, 0x6F, "Zen 5 (256-bit datapath)", 32),
           (0x70, 0x7F, "Zen 5", 64)],
}
# Family 6 models (Linux arch/x86/include/asm/intel-family.h). Hybrid client parts (Alder Lake
# and later) count every core at the P-core rate, an upper bound: E-cores do 16 FLOPs/cycle.
_INTEL_FAMILY6: dict[int, tuple[str, int]] = {
    0x2A: ("Sandy Bridge", 16), 0x2D: ("Sandy Bridge-EP", 16), 0x3A: ("Ivy Bridge", 16),
    0x3E: ("Ivy Bridge-EP", 16), 0x3C: ("Haswell", 32), 0x3F: ("Haswell-EP", 32),
    0x45: ("Haswell", 32), 0x46: ("Haswell", 32), 0x3D: ("Broadwell", 32),
    0x47: ("Broadwell", 32), 0x4F: ("Broadwell-EP", 32), 0x56: ("Broadwell-DE", 32),
    0x4E: ("Skylake", 32), 0x5E: ("Skylake", 32), 0x8E: ("Kaby/Coffee Lake", 32),
    0x9E: ("Kaby/Coffee Lake", 32), 0xA5: ("Comet Lake", 32), 0xA6: ("Comet Lake", 32),
    0x66: ("Cannon Lake", 32), 0xA7: ("Rocket Lake", 32),
    0x55: ("Skylake-SP/Cascade Lake/Cooper Lake", 64), 0x6A: ("Ice Lake-SP", 64),
    0x6C: ("Ice Lake-D", 64), 0x7D: ("Ice Lake", 32), 0x7E: ("Ice Lake", 32),
    0x8C: ("Tiger Lake", 32), 0x8D: ("Tiger Lake", 32), 0x97: ("Alder Lake", 32),
    0x9A: ("Alder Lake", 32), 0xB7: ("Raptor Lake", 32), 0xBA: ("Raptor Lake", 32),
    0xBF: ("Raptor Lake", 32), 0xAA: ("Meteor Lake", 32), 0xAC: ("Meteor Lake", 32),
    0xBD: ("Lunar Lake", 32), 0xC5: ("Arrow Lake", 32), 0xC6: ("Arrow Lake", 32),
    0xBE: ("Alder Lake-N (E-cores)", 16), 0xAF: ("Sierra Forest (E-cores)", 16),
    0xB6: ("Grand Ridge (E-cores)", 16),
    0x8F: ("Sapphire Rapids", 64), 0xCF: ("Emerald Rapids", 64), 0xAD: ("Granite Rapids", 64),
    0xAE: ("Granite Rapids-D", 64), 0x57: ("Knights Landing", 64), 0x85: ("Knights Mill", 64),
}
#: Skylake-SP / Cascade Lake parts with one 512-bit FMA unit (Intel ARK "# of AVX-512 FMA
#: Units: 1"): Bronze, Silver and the Gold 5100/5200 series except the 5122 and 5222.
_ONE_FMA_XEON = re.compile(r"Xeon\(R\) (?:Bronze|Silver|Gold 5(?!122|222)[12]\d\d)")
# Arm (implementer, part) -> (name, fp32 FLOPs/cycle). Linux arch/arm64/include/asm/cputype.h.
ARM_PARTS: dict[tuple[int, int], tuple[str, int]] = {
    (0x41, 0xD08): ("Cortex-A72", 8), (0x41, 0xD09): ("Cortex-A73", 8),
    (0x41, 0xD0B): ("Cortex-A76", 16), (0x41, 0xD41): ("Cortex-A78", 16),
    (0x41, 0xD0C): ("Neoverse N1", 16), (0x41, 0xD49): ("Neoverse N2", 16),
    (0x41, 0xD8E): ("Neoverse N3", 16),
    (0x41, 0xD40): ("Neoverse V1", 32), (0x41, 0xD4F): ("Neoverse V2", 32),
    (0x41, 0xD84): ("Neoverse V3", 32),
    (0x46, 0x001): ("A64FX", 64), (0xC0, 0xAC3): ("AmpereOne", 16),
    # Apple silicon under Linux (Asahi): P-cores 4 x 128-bit FMA, E-cores 2 x 128-bit.
    (0x61, 0x022): ("Apple M1 Icestorm (E)", 16), (0x61, 0x023): ("Apple M1 Firestorm (P)", 32),
    (0x61, 0x024): ("Apple M1 Icestorm (E)", 16), (0x61, 0x025): ("Apple M1 Firestorm (P)", 32),
    (0x61, 0x028): ("Apple M1 Icestorm (E)", 16), (0x61, 0x029): ("Apple M1 Firestorm (P)", 32),
    (0x61, 0x032): ("Apple M2 Blizzard (E)", 16), (0x61, 0x033): ("Apple M2 Avalanche (P)", 32),
    (0x61, 0x034): ("Apple M2 Blizzard (E)", 16), (0x61, 0x035): ("Apple M2 Avalanche (P)", 32),
    (0x61, 0x038): ("Apple M2 Blizzard (E)", 16), (0x61, 0x039): ("Apple M2 Avalanche (P)", 32),
}


def _int(value: str | None, base: int = 10) -> int | None:
    try:
        return int(value, base) if value is not None else None
    except ValueError:
        return None


def microarchitecture(first: dict[str, str], features: list[str]) -> tuple[str, int] | None:
    """(name, fp32 FLOPs/cycle/core) from vendor, family and model, if the table knows it."""
    vendor = first.get("vendor_id", "")
    family = _int(first.get("cpu family"))
    model = _int(first.get("model"))
    if vendor in ("AuthenticAMD", "HygonGenuine") and family is not None and model is not None:
        for low, high, name, flops in _AMD.get(family, []):
            if low <= model <= high:
                return name, flops
    if vendor == "GenuineIntel" and family == 6 and model is not None:
        known = _INTEL_FAMILY6.get(model)
        if known and model == 0x55 and _ONE_FMA_XEON.search(first.get("model name", "")):
            return f"{known[0]} (one AVX-512 FMA unit)", 32
        return known
    implementer = _int(first.get("cpu implementer"), 16)
    part = _int(first.get("cpu part"), 16)
    if implementer is not None and part is not None:
        return ARM_PARTS.get((implementer, part))
    return None
