"""A fake of the pynvml module (nvidia-ml-py) describing two A100s, for the NVML detector."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


class NVMLError(Exception):
    """What pynvml raises."""


class FakeNvml:
    """Enough of pynvml's functions for gpu_devices.nvidia_from_nvml."""

    def __init__(self, count: int = 2, fail_init: bool = False,
                 mig_slices_gib: list[int] | None = None, mig_supported: bool = True) -> None:
        self.count = count
        self.fail_init = fail_init
        #: Memory of each MIG slice of every GPU (e.g. [10, 10, 20]): MIG mode is on.
        self.mig_slices_gib = mig_slices_gib
        self.mig_supported = mig_supported
        self.initialised = False
        self.shutdown_called = False

    def nvmlInit(self) -> None:
        if self.fail_init:
            raise NVMLError("Driver Not Loaded")
        self.initialised = True

    def nvmlShutdown(self) -> None:
        self.shutdown_called = True

    def nvmlSystemGetDriverVersion(self) -> str:
        return "550.54.15"

    def nvmlSystemGetCudaDriverVersion(self) -> int:
        return 12040

    def nvmlDeviceGetCount(self) -> int:
        return self.count

    def nvmlDeviceGetHandleByIndex(self, index: int) -> Any:
        return SimpleNamespace(index=index)

    def nvmlDeviceGetName(self, handle: Any) -> bytes:
        if getattr(handle, "mig", None) is not None:
            return f"NVIDIA A100-SXM4-40GB MIG {handle.gib // 5}g.{handle.gib}gb".encode()
        return b"NVIDIA A100-SXM4-40GB"  # older pynvml returns bytes

    def nvmlDeviceGetMemoryInfo(self, handle: Any) -> Any:
        if getattr(handle, "mig", None) is not None:
            return SimpleNamespace(total=handle.gib * 2**30, free=handle.gib * 2**30, used=0)
        return SimpleNamespace(total=40 * 2**30, free=39 * 2**30, used=2**30)

    def nvmlDeviceGetMigMode(self, handle: Any) -> tuple[int, int]:
        if not self.mig_supported:
            raise NVMLError("Not Supported")
        enabled = int(self.mig_slices_gib is not None)
        return (enabled, enabled)

    def nvmlDeviceGetMaxMigDeviceCount(self, handle: Any) -> int:
        return 7

    def nvmlDeviceGetMigDeviceHandleByIndex(self, handle: Any, index: int) -> Any:
        slices = self.mig_slices_gib or []
        if index >= len(slices):
            raise NVMLError("Not Found")
        return SimpleNamespace(index=handle.index, mig=index, gib=slices[index])

    def nvmlDeviceGetCudaComputeCapability(self, handle: Any) -> tuple[int, int]:
        return (8, 0)

    def nvmlDeviceGetUUID(self, handle: Any) -> str:
        return f"GPU-0000-{handle.index}"

    def nvmlDeviceGetSerial(self, handle: Any) -> str:
        return f"132302160{handle.index}"

    def nvmlDeviceGetCurrPcieLinkGeneration(self, handle: Any) -> int:
        return 4

    def nvmlDeviceGetCurrPcieLinkWidth(self, handle: Any) -> int:
        return 16

    def nvmlDeviceGetMaxPcieLinkGeneration(self, handle: Any) -> int:
        return 4

    def nvmlDeviceGetMaxPcieLinkWidth(self, handle: Any) -> int:
        raise NVMLError("Not Supported")
