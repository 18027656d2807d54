"""dyadscope: the strength and the limits of the relationship between two states, from public evidence."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dyadscope")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
