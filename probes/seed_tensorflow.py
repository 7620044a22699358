"""TensorFlow builders of the seed suite (bench_seed.py): keras.applications' own models, and
ViT-B/16, BERT-Base and GPT-2 shapes from Keras layers. Untrained: no weights are downloaded.

bfloat16 is Keras mixed precision: the model is built under the "mixed_bfloat16" policy
(variables float32, computation bfloat16), the counterpart of torch.autocast.
Imports tensorflow (and the Keras it ships with) and the standard library.
"""

from __future__ import annotations

from typing import Any

from bench_seed import IMAGE, SEQUENCE, VOCAB, model_of
from bench_workloads import Step


def build_seed(tf: Any, keras: Any, workload: str, batch: int, dtype: str,
               models: dict[str, Any]) -> Step:
    """One seed workload's inference step: model(x, training=False), eager as in the others;
    `models` keeps the models built so far, by model id and precision."""
    model_id = model_of(workload)
    model = models.get(f"{model_id}:{dtype}")
    if model is None:
        model = models[f"{model_id}:{dtype}"] = _build(keras, model_id, dtype)
    if model_id in ("bert_base", "gpt2"):
        inputs = tf.random.uniform((batch, SEQUENCE), 0, VOCAB[model_id], dtype=tf.int32)
    else:
        inputs = tf.random.normal((batch, IMAGE, IMAGE, 3))
    return lambda: model(inputs, training=False)


def _build(keras: Any, model_id: str, dtype: str) -> Any:
    policy = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("mixed_bfloat16" if dtype == "bfloat16"
                                            else "float32")
    try:
        if model_id == "resnet50":
            model = keras.applications.ResNet50(weights=None)
        elif model_id == "efficientnet":
            model = keras.applications.EfficientNetB0(weights=None)
        elif model_id == "vit_b16":
            model = _vit(keras)
        elif model_id in ("bert_base", "gpt2"):
            model = _text_model(keras, causal=model_id == "gpt2", vocab=VOCAB[model_id])
        else:
            raise ValueError(f"unknown seed model {model_id!r}")
    finally:
        keras.mixed_precision.set_global_policy(policy)
    return model


def _block(keras: Any, x: Any, *, pre_norm: bool, causal: bool, epsilon: float) -> Any:
    """One transformer block, 768 wide, 12 heads, FF 3072 with GELU."""
    layers = keras.layers
    attention = layers.MultiHeadAttention(num_heads=12, key_dim=64, dropout=0.1)
    norm1 = layers.LayerNormalization(epsilon=epsilon)
    norm2 = layers.LayerNormalization(epsilon=epsilon)
    feed_in = layers.Dense(3072, activation="gelu")
    feed_out = layers.Dense(768)
    if pre_norm:
        normed = norm1(x)
        x = x + attention(normed, normed, use_causal_mask=causal)
        return x + feed_out(feed_in(norm2(x)))
    x = norm1(x + attention(x, x, use_causal_mask=causal))
    return norm2(x + feed_out(feed_in(x)))


class _Positions:
    """Adds learned position embeddings (a Keras layer made on demand: keras is imported late)."""

    @staticmethod
    def layer(keras: Any, length: int) -> Any:
        class AddPositions(keras.layers.Layer):  # type: ignore[misc]
            def build(self, shape: Any) -> None:
                self.table = self.add_weight(shape=(length, shape[-1]), name="positions")

            def call(self, x: Any) -> Any:
                return x + keras.ops.cast(self.table, x.dtype)

        return AddPositions()


def _text_model(keras: Any, *, causal: bool, vocab: int) -> Any:
    """BERT-Base (post-norm encoder) or GPT-2 (pre-norm, causal, LM head), 12 x 768."""
    layers = keras.layers
    ids = keras.Input((SEQUENCE,), dtype="int32")
    x = _Positions.layer(keras, SEQUENCE)(layers.Embedding(vocab, 768)(ids))
    for _ in range(12):
        x = _block(keras, x, pre_norm=causal, causal=causal, epsilon=1e-5)
    if causal:
        x = layers.Dense(vocab, use_bias=False)(layers.LayerNormalization(epsilon=1e-5)(x))
    return keras.Model(ids, x)


def _vit(keras: Any) -> Any:
    """ViT-B/16 as torchvision's vit_b_16: 16x16 patches, class token, 12 x 768, head 1000."""
    layers = keras.layers
    images = keras.Input((IMAGE, IMAGE, 3))
    patches = layers.Conv2D(768, 16, strides=16)(images)
    x = layers.Reshape(((IMAGE // 16) ** 2, 768))(patches)

    class ClassToken(keras.layers.Layer):  # type: ignore[misc]
        def build(self, shape: Any) -> None:
            self.token = self.add_weight(shape=(1, 1, shape[-1]), name="class_token")

        def call(self, x: Any) -> Any:
            token = keras.ops.cast(self.token, x.dtype)
            token = keras.ops.broadcast_to(token, (keras.ops.shape(x)[0], 1, x.shape[-1]))
            return keras.ops.concatenate([token, x], axis=1)

    x = _Positions.layer(keras, (IMAGE // 16) ** 2 + 1)(ClassToken()(x))
    for _ in range(12):
        x = _block(keras, x, pre_norm=True, causal=False, epsilon=1e-6)
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    return keras.Model(images, layers.Dense(1000)(x[:, 0]))
