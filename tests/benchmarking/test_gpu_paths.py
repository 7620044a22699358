"""The GPU paths of both benchmark backends, against fake torch / tensorflow modules (no GPU here).

They check what a GPU run depends on for fair numbers: synchronisation around each timed region,
peak device memory from the framework's own counters, TensorFlow's memory growth, and TF32 off.
"""

from __future__ import annotations

import argparse
import sys
from types import SimpleNamespace
from typing import Any

import pytest
from bench_probe import bench_arguments
from bench_run import run_benchmarks
from bench_tensorflow import TensorFlowBackend
from bench_torch import TorchBackend
from bench_workloads import GPU_CALLS_PER_SAMPLE, DeviceUnavailable, calls_per_sample_record
from timing_harness import SamplingPlan, measure

from advisor.benchmarking import ledger_warnings
from tests.benchmarking.conftest import SECONDS, FakeBackend, FakeClock

OPTIONS = argparse.Namespace(threads=4, interop_threads=2, device="cuda")


def fake_torch(calls: list[str], cuda: bool = True) -> Any:
    def record(name: str, value: Any = None) -> Any:
        return lambda *args, **kwargs: calls.append(name) or value

    return SimpleNamespace(
        __version__="2.13.0+cu124",
        set_num_threads=record("set_num_threads"),
        set_num_interop_threads=record("set_num_interop_threads"),
        get_num_threads=lambda: 4,
        get_num_interop_threads=lambda: 2,
        manual_seed=record("manual_seed"),
        get_float32_matmul_precision=lambda: "highest",
        version=SimpleNamespace(cuda="12.4"),
        __config__=SimpleNamespace(show=lambda: "Intel(R) MKL-DNN v3.5.3 (Git Hash x)"),
        cuda=SimpleNamespace(
            is_available=lambda: cuda,
            synchronize=record("cuda.synchronize"),
            reset_peak_memory_stats=record("cuda.reset_peak_memory_stats"),
            max_memory_allocated=record("cuda.max_memory_allocated", 123 * 2**20),
            memory_allocated=lambda: 40 * 2**20,
            get_device_name=lambda index: "NVIDIA A100-SXM4-40GB",
            set_device=lambda index: calls.append(f"cuda.set_device {index}"),
            device_count=lambda: 2,
        ),
        backends=SimpleNamespace(
            cuda=SimpleNamespace(matmul=SimpleNamespace(allow_tf32=True)),
            cudnn=SimpleNamespace(allow_tf32=True, benchmark=False, version=lambda: 90100),
            mkldnn=SimpleNamespace(is_available=lambda: True, enabled=True),
            mkl=SimpleNamespace(is_available=lambda: True),
            cpu=SimpleNamespace(get_cpu_capability=lambda: "AVX512"),
        ),
    )


def fake_tensorflow(calls: list[str], gpus: int = 2) -> Any:
    def record(name: str, value: Any = None) -> Any:
        return lambda *args, **kwargs: calls.append(name) or value

    tf32 = {"on": True}

    def set_tf32(enabled: bool) -> None:
        calls.append(f"tf32={enabled}")
        tf32["on"] = enabled

    devices = [SimpleNamespace(name=f"/physical_device:GPU:{i}") for i in range(gpus)]
    experimental = SimpleNamespace(
        set_memory_growth=lambda gpu, on: calls.append(f"memory_growth {gpu.name} {on}"),
        enable_tensor_float_32_execution=set_tf32,
        tensor_float_32_execution_enabled=lambda: tf32["on"],
        reset_memory_stats=lambda device: calls.append(f"reset_memory_stats {device}"),
        get_memory_info=lambda device: {"current": 10, "peak": 456 * 2**20},
        get_device_details=lambda device: {"device_name": "NVIDIA L4"},
    )
    return SimpleNamespace(
        __version__="2.21.0",
        config=SimpleNamespace(
            threading=SimpleNamespace(
                set_intra_op_parallelism_threads=record("intra"),
                set_inter_op_parallelism_threads=record("inter"),
                get_intra_op_parallelism_threads=lambda: 4,
                get_inter_op_parallelism_threads=lambda: 2,
            ),
            list_physical_devices=lambda kind: devices if kind == "GPU" else [],
            set_visible_devices=lambda devices, kind: calls.append(
                f"visible {kind} {[d.name for d in devices]}" if devices else f"hide {kind}"),
            experimental=experimental,
        ),
        random=SimpleNamespace(set_seed=record("set_seed")),
        test=SimpleNamespace(experimental=SimpleNamespace(sync_devices=record("sync_devices"))),
        sysconfig=SimpleNamespace(get_build_info=lambda: {"cuda_version": "12.5",
                                                           "cudnn_version": "9"}),
    )


@pytest.fixture
def fake_keras(monkeypatch: pytest.MonkeyPatch) -> None:
    keras = SimpleNamespace(__version__="3.15.1",
                            backend=SimpleNamespace(backend=lambda: "tensorflow"))
    monkeypatch.setitem(sys.modules, "keras", keras)


def _time_one_step(backend: Any) -> Any:
    clock = FakeClock()
    plan = SamplingPlan(warmup_calls=1, min_samples=3, max_samples=3, max_seconds=1.0,
                        min_sample_s=0.0)
    backend.reset_device_memory()
    return measure(lambda: clock.advance(0.01), plan, sync=backend.sync, clock=clock)


def test_torch_on_cuda_synchronises_and_reads_peak_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    torch = fake_torch(calls)
    backend = TorchBackend(torch, OPTIONS)
    assert backend.device == "cuda"
    assert torch.backends.cuda.matmul.allow_tf32 is False
    assert torch.backends.cudnn.allow_tf32 is False
    assert torch.backends.cudnn.benchmark is True  # autotuned, as TensorFlow does by default
    assert "cuda.set_device 0" in calls
    calls.clear()
    _time_one_step(backend)
    assert calls[0] == "cuda.reset_peak_memory_stats"
    assert calls[1:] == ["cuda.synchronize"] * 8  # (1 warm-up + 3 samples) x before/after
    monkeypatch.setattr("bench_torch.nvml_memory_or_note", lambda pid: {"nvml": pid})
    memory = backend.device_memory()
    assert memory["device_peak_memory_bytes"] == 123 * 2**20
    # Held by workloads built earlier (they live until the sampling rounds end).
    assert memory["device_memory_before_bytes"] == 40 * 2**20
    assert memory["device_peak_memory_source"] == "torch.cuda.max_memory_allocated"
    assert "nvml" in memory
    ledger = backend.ledger()
    assert ledger["tf32"] == {"matmul": False, "cudnn": False}
    assert ledger["device_name"] == "NVIDIA A100-SXM4-40GB"
    assert "synchronize" in ledger["synchronisation"]
    assert ledger["onednn"]["version"] == "3.5.3"
    assert ledger["cudnn_autotune"]["enabled"] is True
    assert ledger["device_index"] == 0 and ledger["cuda_graphs"]["enabled"] is False


def test_torch_without_cuda_is_a_skip_not_a_failure() -> None:
    with pytest.raises(DeviceUnavailable, match="no CUDA device"):
        TorchBackend(fake_torch([], cuda=False), OPTIONS)


def test_torch_on_cpu_needs_no_synchronisation() -> None:
    calls: list[str] = []
    backend = TorchBackend(fake_torch(calls), argparse.Namespace(
        threads=2, interop_threads=2, device="cpu"))
    calls.clear()
    _time_one_step(backend)
    assert calls == [] and backend.device_memory() == {}


@pytest.mark.usefixtures("fake_keras")
def test_tensorflow_on_gpu_grows_memory_synchronises_and_reads_peak(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    backend = TensorFlowBackend(fake_tensorflow(calls), OPTIONS)
    assert backend.device == "cuda"
    # One visible GPU, the one PyTorch measures: no context or sync on the others.
    assert "visible GPU ['/physical_device:GPU:0']" in calls
    assert "memory_growth /physical_device:GPU:0 True" in calls
    assert "memory_growth /physical_device:GPU:1 True" not in calls
    assert "tf32=False" in calls
    assert calls.index("intra") < calls.index("memory_growth /physical_device:GPU:0 True")
    calls.clear()
    _time_one_step(backend)
    assert calls == ["reset_memory_stats GPU:0"] + ["sync_devices"] * 8
    monkeypatch.setattr("bench_tensorflow.nvml_memory_or_note", lambda pid: {})
    assert backend.device_memory()["device_peak_memory_bytes"] == 456 * 2**20
    assert backend.device_memory()["device_memory_before_bytes"] == 10
    ledger = backend.ledger()
    assert ledger["memory_growth"] is True and ledger["tf32"] == {"enabled": False}
    assert ledger["threads"] == {"intra_op": 4, "inter_op": 2}
    assert ledger["device_name"] == "NVIDIA L4"
    assert ledger["visible_devices"] == ["/physical_device:GPU:0"]
    assert ledger["cudnn_autotune"]["enabled"] is True
    assert ledger["cuda_graphs"]["enabled"] is False


@pytest.mark.usefixtures("fake_keras")
def test_tensorflow_without_gpu_is_a_skip_and_cpu_runs_hide_gpus() -> None:
    with pytest.raises(DeviceUnavailable, match="no GPU"):
        TensorFlowBackend(fake_tensorflow([], gpus=0), OPTIONS)
    calls: list[str] = []
    backend = TensorFlowBackend(fake_tensorflow(calls), argparse.Namespace(
        threads=2, interop_threads=2, device="cpu"))
    assert backend.device == "cpu" and "hide GPU" in calls
    assert not any(call.startswith("memory_growth") for call in calls)


class _NvmlProcess:
    def __init__(self, pid: int, used: int | None) -> None:
        self.pid, self.usedGpuMemory = pid, used


def fake_pynvml(processes: dict[int, list[_NvmlProcess]], fail: bool = False) -> Any:
    """A pynvml module: one handle per GPU index, each with its compute processes."""
    state = {"open": 0}

    def init() -> None:
        if fail:
            raise RuntimeError("NVML Shared Library Not Found")
        state["open"] += 1

    def shutdown() -> None:
        state["open"] -= 1

    return SimpleNamespace(
        state=state,
        nvmlInit=init,
        nvmlShutdown=shutdown,
        nvmlDeviceGetCount=lambda: len(processes),
        nvmlDeviceGetHandleByIndex=lambda index: index,
        nvmlDeviceGetComputeRunningProcesses=lambda handle: processes[handle],
    )


def test_torch_peak_memory_includes_this_process_nvml_figure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    nvml = fake_pynvml({0: [_NvmlProcess(os.getpid(), 700 * 2**20), _NvmlProcess(1, 5)],
                        1: [_NvmlProcess(1, 2**30)]})
    monkeypatch.setitem(sys.modules, "pynvml", nvml)
    memory = TorchBackend(fake_torch([]), OPTIONS).device_memory()
    assert memory["device_peak_memory_bytes"] == 123 * 2**20
    assert memory["nvml_process_memory_bytes"] == {"0": 700 * 2**20}  # this process only
    assert "after the workload" in memory["nvml_scope"] and "nvml_note" not in memory
    assert nvml.state["open"] == 0  # NVML shut down again


@pytest.mark.usefixtures("fake_keras")
def test_nvml_that_does_not_list_the_process_or_fails_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend = TensorFlowBackend(fake_tensorflow([]), OPTIONS)
    monkeypatch.setitem(sys.modules, "pynvml", fake_pynvml({0: [_NvmlProcess(1, 2**30)]}))
    hidden = backend.device_memory()
    assert hidden["device_peak_memory_bytes"] == 456 * 2**20
    assert hidden["nvml_process_memory_bytes"] == {}
    assert "lists no compute process" in hidden["nvml_note"]
    monkeypatch.setitem(sys.modules, "pynvml", fake_pynvml({0: []}, fail=True))
    broken = backend.device_memory()
    assert broken["nvml_process_memory_bytes"] is None
    assert broken["nvml_note"] == "RuntimeError: NVML Shared Library Not Found"
    monkeypatch.setitem(sys.modules, "pynvml", None)  # `import pynvml` raises ImportError
    absent = backend.device_memory()
    assert absent == {**absent, "nvml_process_memory_bytes": None,
                      "nvml_note": "pynvml is not installed"}


class _GpuBackend(FakeBackend):
    """A fake backend on a GPU that logs the order of builds and memory resets."""

    device = "cuda"

    def __init__(self, clock: FakeClock, seconds: dict[str, float], log: list[str]) -> None:
        super().__init__(clock, seconds)
        self.log = log

    def build(self, workload: str, mode: str) -> Any:
        self.log.append(f"build {workload}")
        return super().build(workload, mode)

    def reset_device_memory(self) -> None:
        self.log.append("reset")


def test_gpu_runs_count_memory_from_before_the_build_and_fix_calls_per_sample() -> None:
    clock, log = FakeClock(), []
    # mlp takes 0.1 ms: on the CPU it would be grouped 20 calls a sample; on a GPU both
    # frameworks take GPU_CALLS_PER_SAMPLE whatever the call's length.
    seconds = {**SECONDS, "mlp_inference": 0.0001}
    options = bench_arguments("test").parse_args(["--budget", "quick", "--device", "cuda",
                                                  "--workloads", "mlp_inference,matmul"])
    document = run_benchmarks(_GpuBackend(clock, seconds, log), options, import_s=1.0,
                              clock=clock)
    assert log == ["reset", "build mlp_inference", "reset", "build matmul"]
    loops = {row["workload"]: row["loops_per_sample"] for row in document["benchmarks"]
             if row["workload"] != "import_time"}
    assert loops == {"mlp_inference": GPU_CALLS_PER_SAMPLE, "matmul": GPU_CALLS_PER_SAMPLE}
    cpu = FakeClock()
    on_cpu = run_benchmarks(FakeBackend(cpu, seconds), bench_arguments("test").parse_args(
        ["--budget", "quick", "--workloads", "mlp_inference"]), import_s=1.0, clock=cpu)
    assert on_cpu["benchmarks"][0]["loops_per_sample"] in (20, 21)  # 2 ms / 0.1 ms, rounded up
    assert "10 calls per sample" in calls_per_sample_record("cuda")
    assert "2 ms" in calls_per_sample_record("cpu")


def test_gpu_settings_that_differ_between_the_frameworks_are_fairness_warnings() -> None:
    torch_ledger = {"tf32": {"matmul": False, "cudnn": False},
                    "cudnn_autotune": {"enabled": True}, "cuda_graphs": {"enabled": False}}
    tf_ledger = {"tf32": {"enabled": False}, "cudnn_autotune": {"enabled": True},
                 "cuda_graphs": {"enabled": False}}
    assert ledger_warnings({"pytorch": torch_ledger, "tensorflow": tf_ledger}) == []
    tf_ledger = {**tf_ledger, "cudnn_autotune": {"enabled": False}}  # TF_CUDNN_USE_AUTOTUNE=0
    torch_ledger = {**torch_ledger, "tf32": {"matmul": True, "cudnn": False}}
    assert ledger_warnings({"pytorch": torch_ledger, "tensorflow": tf_ledger}) == [
        "TF32 differs: PyTorch on, TensorFlow off",
        "cuDNN autotuning differs: PyTorch on, TensorFlow off"]
    cpu = {"tf32": None, "cudnn_autotune": None}
    assert ledger_warnings({"pytorch": cpu, "tensorflow": cpu}) == []
