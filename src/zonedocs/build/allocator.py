"""Keep freed memory in the process for reuse instead of handing it back to the system.

Rendering and assembling allocate and free buffers of megabytes thousands of times. With
glibc's defaults each large buffer is a fresh mapping whose every page the kernel must fault
in again, which on a virtual machine cost a build as much system time as rendering took.
Raising the thresholds makes the worker reuse its heap; other C libraries are left as they are.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
_MIB = 1 << 20


def keep_freed_memory() -> bool:
    """Tell glibc to serve buffers up to 8 MiB from the heap and keep up to 64 MiB of freed
    heap; True if it took the settings. Larger buffers (a 10,000-member 实施意见's 28 MB of
    XML, joined into each volume) are mapped and handed back as soon as they are freed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt)
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return all(mallopt(option, value) == 1 for option, value in (
        (_M_MMAP_THRESHOLD, 8 * _MIB), (_M_TRIM_THRESHOLD, 64 * _MIB), (_M_TOP_PAD, 16 * _MIB)))
