"""Text → coded events, in English, Russian, Kazakh, Turkish and Polish (see docs/coding.md)."""

from dyadscope.coding.coder import Coder, CodingInputError, code_file, code_text

__all__ = ["Coder", "CodingInputError", "code_file", "code_text"]
