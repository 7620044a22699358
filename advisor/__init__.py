"""advisor: choose between PyTorch and TensorFlow with evidence from your own hardware."""

__version__ = "0.1.0"
