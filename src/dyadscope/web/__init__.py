"""The local web app (``dyadscope serve``): the report's views as pages for any pair, each with a
JSON twin under ``/api/``."""

from dyadscope.web.app import create_app
from dyadscope.web.server import bind, make_server

__all__ = ["bind", "create_app", "make_server"]
