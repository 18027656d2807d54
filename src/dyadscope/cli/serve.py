"""``dyadscope serve``: the local web app over a read-only store."""

from __future__ import annotations

import click

from dyadscope.cli.base import cli, err
from dyadscope.store import Store


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default keeps the app to this machine.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False),
              help="The DuckDB store (default: the group's --store, $DYADSCOPE_STORE or the user data directory).")
@click.pass_context
def serve(ctx, port, host, store_path):
    """A local web app over the store: every report view for any pair, each page with a JSON twin under /api/.

    The store is opened read-only; Ctrl+C stops the server.

    Example: dyadscope serve --port 8000
    """
    from dyadscope.web import bind, create_app, make_server

    with Store(store_path or ctx.obj["store_path"], read_only=True) as store:
        sock = bind(host, port)
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        err.print(f"dyadscope: serving {store.path} (read-only) at http://{shown}:{bound_port}/ — Ctrl+C stops")
        server = make_server(create_app(store))
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:
            pass  # uvicorn has already shut down cleanly; Ctrl+C is how the app is meant to stop
        finally:
            sock.close()
    err.print("dyadscope: stopped")
