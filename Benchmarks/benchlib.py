"""Helpers the benchmarks share: a free loopback port, a checked subprocess run, a percentile, the
allocator a paxsim binary runs with."""
import os
import socket
import subprocess


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw):
    """Runs `cmd`, raising on a non-zero exit, and returns its captured text output."""
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def percentile(values, p):
    """The p-th percentile of `values` (nearest rank on the sorted list)."""
    values = sorted(values)
    return values[max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))]


def allocator(binary):
    """Which malloc `binary` runs with: "jemalloc" when it was built with `--traits Jemalloc`
    (the dynamic loader lists libjemalloc among its libraries), else "glibc malloc"; an
    LD_PRELOAD in this environment is named too, since the children inherit it."""
    try:
        libraries = subprocess.run(["ldd", binary], capture_output=True, text=True, check=False).stdout
    except OSError:
        libraries = ""
    name = "jemalloc" if "libjemalloc" in libraries else "glibc malloc"
    preload = os.environ.get("LD_PRELOAD")
    return f"{name}, LD_PRELOAD={preload}" if preload else name
