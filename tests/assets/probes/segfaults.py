"""Misbehaving probe: dereferences a null pointer (SIGSEGV)."""
import ctypes
import faulthandler

faulthandler.disable()
ctypes.string_at(0)
