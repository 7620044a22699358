"""TensorFlow benchmark probe: the shared workloads (bench_workloads.WORKLOADS) in eager and
compiled (tf.function(jit_compile=True), XLA) mode, timed by the shared harness (timing_harness.py).

Usage: python probes/bench_tensorflow.py [--budget quick|standard|thorough] [--threads N]
       [--interop-threads N] [--device cpu|cuda] [--workloads mlp_inference,...]
       [--modes eager,compiled] [--time-budget-s S]

Prints one JSON document: {"benchmarks": [...], "ledger": {...}, "failures": [...], ...}, or
{"skipped": REASON} when tensorflow is not installed or the device is absent. Imports tensorflow
(and the Keras it ships with) and the standard library only. GPU memory growth is switched on so
TensorFlow does not take all GPU memory; fp32 is strict (TF32 off), as in the PyTorch probe.
"""

from __future__ import annotations

import importlib
import os
import sys
from argparse import Namespace
from typing import Any, ClassVar

from bench_machine import nvml_memory_or_note
from bench_probe import bench_arguments, probe_main
from bench_workloads import (
    IMAGE_BATCHES,
    LABEL_BATCHES,
    MATMUL_N,
    DeviceUnavailable,
    Step,
    Workload,
    rotating_batches,
)
from seed_tensorflow import build_seed


def _safe(call: Any, default: Any = None) -> Any:
    try:
        return call()
    except Exception:
        return default


class TensorFlowBackend:
    """The TensorFlow side of the benchmarks."""

    framework = "tensorflow"
    probe = "bench_tensorflow"
    module = "tensorflow"
    # XLA compiles on a 2-core CPU (rescaled as this run's compiles finish).
    compile_estimates_s: ClassVar[dict[str, float]] = {"mlp_inference": 4.0, "matmul": 3.0,
                           "transformer_inference": 8.0, "cnn_train_step": 12.0}
    #: What tf.function(jit_compile=True) covers per workload, as in TorchBackend.compile_scope.
    compile_scope: ClassVar[dict[str, str]] = {
        "mlp_inference": "the model's forward",
        "transformer_inference": "the encoder layer's forward",
        "matmul": "tf.linalg.matmul",
        "cnn_train_step": "the whole step (forward, loss, gradients, Adam update), one XLA "
                          "cluster",
    }

    def __init__(self, tf: Any, options: Namespace) -> None:
        self.tf = tf
        self.notes: list[str] = []
        self.memory_growth: bool | None = None
        self.memory_before: int | None = None
        self.seed_models: dict[str, Any] = {}
        # Thread pools and visible devices can only be set before the runtime starts.
        tf.config.threading.set_intra_op_parallelism_threads(options.threads)
        tf.config.threading.set_inter_op_parallelism_threads(options.interop_threads)
        gpus = _safe(lambda: tf.config.list_physical_devices("GPU"), []) or []
        self.visible: list[str] = []
        if options.device == "cuda":
            if not gpus:
                raise DeviceUnavailable("tensorflow sees no GPU (--device cuda)")
            # One GPU, the one PyTorch measures (device 0 of what CUDA_VISIBLE_DEVICES leaves):
            # TensorFlow would otherwise open a context and sync on every GPU, which fails under
            # EXCLUSIVE_PROCESS compute mode (common on Slurm clusters) and costs time.
            tf.config.set_visible_devices(gpus[:1], "GPU")
            tf.config.experimental.set_memory_growth(gpus[0], True)
            self.visible = [gpus[0].name]
            self.memory_growth = True
            tf.config.experimental.enable_tensor_float_32_execution(False)
            self.device = "cuda"
        else:
            if gpus:
                tf.config.set_visible_devices([], "GPU")  # CPU run: keep off the GPUs entirely
            self.device = "cpu"
        tf.random.set_seed(0)
        import keras  # after the thread pools are configured

        self.keras = keras

    # --- workloads -----------------------------------------------------------------------------

    def build(self, workload: str, mode: str) -> Step:
        tf = self.tf
        keras = self.keras
        layers = keras.layers
        compiled = mode == "compiled"
        if workload == "mlp_inference":
            model = keras.Sequential([keras.Input((784,)), layers.Dense(512, activation="relu"),
                                      layers.Dense(10)])
            return self._inference(model, tf.random.normal((1000, 784)), compiled)
        if workload == "transformer_inference":
            layer = encoder_layer(keras)
            return self._inference(layer, tf.random.normal((16, 128, 256)), compiled)
        if workload == "cnn_train_step":
            return self._train_step(compiled)
        if workload == "matmul":
            a = tf.random.normal((MATMUL_N, MATMUL_N))
            b = tf.random.normal((MATMUL_N, MATMUL_N))
            matmul = tf.linalg.matmul
            if compiled:
                matmul = tf.function(matmul, jit_compile=True)
            return lambda: matmul(a, b)
        raise ValueError(f"unknown workload {workload!r}")

    def build_seed(self, workload: Workload, dtype: str) -> Step:
        # One model per id and precision (a mixed-precision model is built under its policy).
        return build_seed(self.tf, self.keras, workload.id, workload.batch_size or 1, dtype,
                          self.seed_models)

    def _inference(self, model: Any, inputs: Any, compiled: bool) -> Step:
        def forward(x: Any) -> Any:
            return model(x, training=False)

        run = self.tf.function(forward, jit_compile=True) if compiled else forward
        return lambda: run(inputs)

    def _train_step(self, compiled: bool) -> Step:
        tf = self.tf
        keras = self.keras
        layers = keras.layers
        model = keras.Sequential([
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.Conv2D(64, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(10),
        ])
        optimizer = keras.optimizers.Adam(learning_rate=1e-3)
        optimizer.build(model.trainable_variables)
        loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        next_batch = rotating_batches(
            [tf.random.normal((64, 28, 28, 1)) for _ in range(IMAGE_BATCHES)],
            [tf.random.uniform((64,), maxval=10, dtype=tf.int32) for _ in range(LABEL_BATCHES)])

        def train_step(x: Any, y: Any) -> Any:
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
            return loss

        run = tf.function(train_step, jit_compile=True) if compiled else train_step
        return lambda: run(*next_batch())

    # --- device ---------------------------------------------------------------------------------

    def sync(self) -> None:
        if self.device == "cuda":
            self.tf.test.experimental.sync_devices()

    def reset_device_memory(self) -> None:
        if self.device == "cuda":
            self.tf.config.experimental.reset_memory_stats("GPU:0")
            # The workloads built before this one stay allocated until the sampling rounds end.
            current = self.tf.config.experimental.get_memory_info("GPU:0")["current"]
            self.memory_before = int(current)

    def device_memory(self) -> dict[str, Any]:
        if self.device != "cuda":
            return {}
        info = self.tf.config.experimental.get_memory_info("GPU:0")
        return {
            "device_peak_memory_bytes": int(info["peak"]),
            "device_memory_before_bytes": self.memory_before,
            "device_peak_memory_source": "tf.config.experimental.get_memory_info('GPU:0')",
            **nvml_memory_or_note(os.getpid()),
        }

    # --- fairness ledger --------------------------------------------------------------------------

    def ledger(self) -> dict[str, Any]:
        tf = self.tf
        cuda = self.device == "cuda"
        build = _safe(tf.sysconfig.get_build_info, {}) or {}
        return {
            "framework": self.framework,
            "version": tf.__version__,
            "keras": {"version": _safe(lambda: self.keras.__version__),
                      "backend": _safe(self.keras.backend.backend)},
            "device": self.device,
            "device_name": _safe(lambda: tf.config.experimental.get_device_details(
                tf.config.list_physical_devices("GPU")[0]).get("device_name")) if cuda else None,
            # 0 means "TensorFlow's default" (one per core); the probe sets them explicitly.
            "threads": {"intra_op": tf.config.threading.get_intra_op_parallelism_threads(),
                        "inter_op": tf.config.threading.get_inter_op_parallelism_threads()},
            "onednn": {"enabled": _onednn_enabled(tf),
                       "TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS")},
            "cuda": build.get("cuda_version"),
            "cudnn": build.get("cudnn_version"),
            "tf32": {"enabled": bool(tf.config.experimental.tensor_float_32_execution_enabled())}
            if cuda else None,
            "memory_growth": self.memory_growth,
            "device_index": 0 if cuda else None,
            "visible_devices": self.visible if cuda else None,
            # TensorFlow autotunes cuDNN convolutions unless TF_CUDNN_USE_AUTOTUNE=0; the
            # PyTorch probe sets torch.backends.cudnn.benchmark to match.
            "cudnn_autotune": {"enabled": _autotune_on(), "how": "TensorFlow's default"
                               " (TF_CUDNN_USE_AUTOTUNE=" +
                               str(os.environ.get("TF_CUDNN_USE_AUTOTUNE", "unset")) + ")"}
            if cuda else None,
            "cuda_graphs": {"enabled": False, "how": "XLA command buffers off"
                            " (XLA_FLAGS --xla_gpu_enable_command_buffer=), as torch.compile's"
                            " default mode captures none"} if cuda else None,
            "compile_autotune": "XLA times its GEMM and convolution algorithms when it compiles"
            " (xla_gpu_autotune_level, default on)" if cuda else None,
            "synchronisation": "tf.test.experimental.sync_devices() before and after each timed "
            "region" if cuda else "none needed (CPU eager ops complete before returning)",
            "compile_mode": "tf.function(jit_compile=True) (XLA)",
            "compile_scope": dict(self.compile_scope),
            "inference": "model(x, training=False), no gradient tape",
            "layout": "NHWC",
            "optimizer": "keras.optimizers.Adam(learning_rate=1e-3)",
            # Checked on TensorFlow 2.21 CPU: 1e-39 * 1.0 is 0 in an eager op, 1e-39 under XLA.
            "denormals": "flushed to zero in eager ops (TensorFlow's default), kept by XLA",
            "transformer": "Keras MultiHeadAttention + Dense + LayerNormalization(eps 1e-5), "
                           "post-norm, relu, dropout 0.1 inactive at inference",
            "notes": self.notes,
        }


def encoder_layer(keras: Any) -> Any:
    """A Keras encoder layer with the structure of torch.nn.TransformerEncoderLayer."""
    layers = keras.layers

    class EncoderLayer(keras.layers.Layer):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.attention = layers.MultiHeadAttention(num_heads=4, key_dim=64, dropout=0.1)
            self.norm1 = layers.LayerNormalization(epsilon=1e-5)
            self.norm2 = layers.LayerNormalization(epsilon=1e-5)
            self.feed_in = layers.Dense(1024, activation="relu")
            self.feed_out = layers.Dense(256)
            self.dropout1 = layers.Dropout(0.1)
            self.dropout2 = layers.Dropout(0.1)
            self.dropout3 = layers.Dropout(0.1)

        def call(self, x: Any, training: bool = False) -> Any:
            attended = self.attention(x, x, training=training)
            x = self.norm1(x + self.dropout1(attended, training=training))
            fed = self.feed_out(self.dropout2(self.feed_in(x), training=training))
            return self.norm2(x + self.dropout3(fed, training=training))

    return EncoderLayer()


def _autotune_on() -> bool:
    return os.environ.get("TF_CUDNN_USE_AUTOTUNE", "1").strip().lower() not in ("0", "false")


#: XLA's GPU backend records command buffers (CUDA graphs) by default; torch.compile's default
#: mode does not use CUDA graphs. An empty list turns them off, so neither side replays graphs.
NO_COMMAND_BUFFERS = "--xla_gpu_enable_command_buffer="


def _onednn_enabled(tf: Any) -> bool | None:
    """Whether this TensorFlow runs its oneDNN (MKL) kernels; None when it cannot tell."""
    try:
        port = importlib.import_module(f"{tf.__name__}.python.util._pywrap_util_port")
        return bool(port.IsMklEnabled())
    except Exception:
        return None


def main(argv: list[str] | None = None) -> int:
    options = bench_arguments(__doc__ or "").parse_args(argv)
    # TensorFlow's C++ info lines go to stderr either way; keep them short unless asked for.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
    if options.device == "cuda":  # XLA reads its flags once, at TensorFlow's import
        os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} {NO_COMMAND_BUFFERS}".strip()
    return probe_main(options, "tensorflow", TensorFlowBackend)


if __name__ == "__main__":
    sys.exit(main())
