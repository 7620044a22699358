"""A fake of the pynvml module (nvidia-ml-py) describing two A100s, for the NVML detector."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


class NVMLError(Exception):
    """What pynvml raises."""


class FakeNvml:
    """Enough of pynvml's functions for gpu_devices.nvidia_from_nvml."""

    def __init__(self, count: int = 2, fail_init: bool = False) -> None:
        self.count = count
        self.fail_init = fail_init
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
        return b"NVIDIA A100-SXM4-40GB"  # older pynvml returns bytes

    def nvmlDeviceGetMemoryInfo(self, handle: Any) -> Any:
        return SimpleNamespace(total=40 * 2**30, free=39 * 2**30, used=2**30)

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
