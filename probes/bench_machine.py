"""What the benchmark probes read of the machine: CPUs this process may use, thread-pool
environment, how busy the machine is, per-process GPU memory (NVML).

Standard library only (pynvml is used when the interpreter has it).
"""

from __future__ import annotations

import os
import time
from typing import Any

#: Environment variables that size thread pools, recorded in the fairness ledger.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "KMP_AFFINITY",
                    "KMP_BLOCKTIME", "OMP_PROC_BIND", "OMP_WAIT_POLICY", "TF_ENABLE_ONEDNN_OPTS",
                    "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "DNNL_MAX_CPU_ISA")


def available_cpus() -> int:
    """CPUs this process may run on (affinity, cgroups pinning), not the machine's total."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def thread_environment(threads: int) -> dict[str, str | None]:
    """Pin the OpenMP/MKL pools to `threads` before the framework loads; return what was there."""
    before = {name: os.environ.get(name) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    for name in before:
        os.environ[name] = str(threads)
    return before


def describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:300]}" if text else type(exc).__name__


#: What the NVML figure is: NVML has no per-process peak, only the memory in use when asked.
NVML_SCOPE = ("GPU memory of this process in use after the workload's warm-up (NVML, the "
              "framework's allocator cache included); the peak is device_peak_memory_bytes")


def nvml_process_memory(nvml: Any, pid: int) -> dict[str, Any]:
    """GPU memory used by process `pid` on each NVIDIA GPU, through NVML (a fake in tests).

    A process NVML does not list (a container's own PID namespace hides the host PID, or the
    driver withholds per-process figures) gives an empty mapping and a note saying so.
    """
    nvml.nvmlInit()
    try:
        used: dict[str, int] = {}
        listed = False
        for index in range(nvml.nvmlDeviceGetCount()):
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            for proc in nvml.nvmlDeviceGetComputeRunningProcesses(handle):
                if proc.pid != pid:
                    continue
                listed = True
                if proc.usedGpuMemory is not None:
                    used[str(index)] = int(proc.usedGpuMemory)
        result: dict[str, Any] = {"nvml_process_memory_bytes": used, "nvml_scope": NVML_SCOPE}
        if not listed:
            result["nvml_note"] = (f"NVML lists no compute process with PID {pid} (in a "
                                   "container the host sees another PID)")
        elif not used:
            result["nvml_note"] = "NVML lists this process but withholds its memory figure"
        return result
    finally:
        nvml.nvmlShutdown()


def nvml_memory_or_note(pid: int) -> dict[str, Any]:
    """Per-process GPU memory through pynvml when it is installed in this interpreter."""
    try:
        import pynvml  # optional: absent in many target environments
    except ImportError:
        return {"nvml_process_memory_bytes": None, "nvml_note": "pynvml is not installed"}
    try:
        return nvml_process_memory(pynvml, pid)
    except Exception as exc:  # NVML missing driver library, no permission...
        return {"nvml_process_memory_bytes": None, "nvml_note": describe(exc)}


class MachineLoad:
    """How busy the machine was while the workloads ran: other processes slow both frameworks,
    and not alike (OpenMP pools stall when a thread is descheduled; work-stealing pools less so).

    `observe()` is called between sampling rounds, when this probe times nothing: it counts the
    runnable tasks that are not this process's threads (other processes wanting a CPU).
    """

    PRESSURE = "/proc/pressure/cpu"
    STAT = "/proc/stat"

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.load_start = _loadavg()
        self.stall_start = _cpu_stall_us(self.PRESSURE)
        self.times_start = cpu_times(self.STAT)
        self.others_runnable: list[int] = []

    def observe(self) -> None:
        running = runnable_tasks(self.STAT)
        own = own_running_threads()
        if running is not None and own is not None:
            self.others_runnable.append(max(running - own, 0))

    def result(self) -> dict[str, Any]:
        wall = time.monotonic() - self.started
        stall_end = _cpu_stall_us(self.PRESSURE)
        share = None
        if self.stall_start is not None and stall_end is not None and wall > 0:
            share = min((stall_end - self.stall_start) / 1e6 / wall, 1.0)
        steal = None
        times_end = cpu_times(self.STAT)
        if self.times_start is not None and times_end is not None:
            total = times_end[1] - self.times_start[1]
            steal = round((times_end[0] - self.times_start[0]) / total, 4) if total > 0 else None
        others = self.others_runnable
        return {
            "loadavg_1min_start": self.load_start,
            "loadavg_1min_end": _loadavg(),
            # Linux PSI: share of the run during which some runnable task waited for a CPU.
            "cpu_pressure_share": share,
            # Share of the CPUs' time the hypervisor gave to other guests.
            "cpu_steal_share": steal,
            # Runnable tasks of other processes, counted between sampling rounds.
            "other_runnable_mean": round(sum(others) / len(others), 2) if others else None,
            "other_runnable_max": max(others) if others else None,
            "other_runnable_observations": len(others),
            "cpus_available": available_cpus(),
        }


def cpu_times(path: str = "/proc/stat") -> tuple[int, int] | None:
    """(steal, total) clock ticks of all CPUs since boot, from the first line of /proc/stat."""
    try:
        with open(path) as handle:
            fields = handle.readline().split()
        if fields[0] != "cpu":
            return None
        values = [int(value) for value in fields[1:]]
    except (OSError, ValueError, IndexError):
        return None
    # user nice system idle iowait irq softirq steal [guest guest_nice: already in user, nice]
    return (values[7] if len(values) > 7 else 0), sum(values[:8])


def runnable_tasks(path: str = "/proc/stat") -> int | None:
    """Tasks running or waiting for a CPU right now, machine-wide (procs_running)."""
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith("procs_running "):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def own_running_threads(task_dir: str = "/proc/self/task") -> int | None:
    """This process's threads in state R (a pool spinning after its work counts as running)."""
    try:
        names = os.listdir(task_dir)
    except OSError:
        return None
    running = 0
    for name in names:
        try:
            with open(os.path.join(task_dir, name, "stat")) as handle:
                # The state follows the command name, which is in parentheses and may hold spaces.
                if handle.read().rsplit(")", 1)[1].split()[0] == "R":
                    running += 1
        except (OSError, IndexError):
            continue
    return running


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _cpu_stall_us(path: str) -> int | None:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith("some "):
                    return int(line.rsplit("total=", 1)[1])
    except (OSError, ValueError, IndexError):
        pass
    return None
