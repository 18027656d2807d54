"""Running the app: a listening socket opened before uvicorn starts, so a port in use is a plain
error instead of a log line, and port 0 gives a free port (the browser tests use it)."""

from __future__ import annotations

import socket

import uvicorn

from dyadscope.errors import DyadscopeError


class ServerError(DyadscopeError):
    """The web server cannot listen on the address asked for."""


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host:port`` (port 0: any free port)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise ServerError(f"cannot listen on {host}:{port}: unknown host ({e.strerror})") from e
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as e:
        sock.close()
        raise ServerError(f"cannot listen on {host}:{port}: {e.strerror}") from e
    return sock


def make_server(app, *, log_level: str = "warning") -> uvicorn.Server:
    """A uvicorn server for ``app``; run it with ``server.run(sockets=[bind(host, port)])``."""
    config = uvicorn.Config(app, log_level=log_level, access_log=log_level in ("info", "debug"),
                            lifespan="off")
    return uvicorn.Server(config)
