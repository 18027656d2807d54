"""Documents as sentences with character spans, and the checks that keep bad input out.

A document is a .txt, .md or .html file; its text is split into paragraphs at blank lines and
line breaks, then into sentences at ., ! and ? followed by a capital letter, a digit or a quote
(not after an initial such as "W." or an abbreviation such as "Mr.", "г." or "U.S."). Spans
are character offsets into the document's text (for HTML, into its text without the markup).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

MAX_SENTENCE = 5_000  # characters; longer "sentences" are runs of text with no punctuation
MAX_LINE = 1_000_000  # characters in one JSON line
DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")

_BREAK = re.compile(r"[.!?…]+[\"'»”)]*\s+(?=[\"'«“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІÇĞİÖŞÜĄĆĘŁŃÓŚŹŻ0-9])")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "no", "vs", "etc", "jr", "sr",
                  "u.s", "u.n", "e.g", "i.e", "г", "гг", "т.е", "т.д", "им", "ул", "проф", "св", "r", "ok", "tzw",
                  "np", "prof", "dr", "ж", "жж", "т.б", "vb", "yy", "bkz", "sn", "doç", "jan", "feb", "aug", "sept",
                  "oct", "nov", "dec"}
_PARAGRAPH = re.compile(r"[^\n]+")


class BadInputError(Exception):
    """Input that cannot be coded: the message says why (reported and skipped by the coder)."""


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence in ``text``."""
    spans = []
    for para in _PARAGRAPH.finditer(text):
        start = para.start()
        chunk = para.group()
        cut = 0
        for m in _BREAK.finditer(chunk):
            head = chunk[cut:m.start() + 1]
            last_word = re.search(r"([\w.]+)\.?$", chunk[:m.start() + len(m.group().rstrip())].rstrip(".!?…\"'»”)"))
            word = (last_word.group(1) if last_word else "").lower().rstrip(".")
            if chunk[m.start()] == "." and (len(word) == 1 and word.isalpha() or word in _ABBREVIATIONS):
                continue
            if head.strip():
                spans.append(_trim(text, start + cut, start + m.start() + len(m.group().rstrip())))
            cut = m.end()
        if chunk[cut:].strip():
            spans.append(_trim(text, start + cut, para.end()))
    return [s for s in spans if s[1] > s[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "title"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "title"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"[ \t]+", " ", "".join(parser.parts))


def decode(data: bytes, where: str) -> tuple[str, list[str]]:
    """The text of ``data`` and the problems met; BadInputError when nothing can be read.

    An empty file, binary data (NUL or control bytes) or a file with no UTF-8 line at all is bad
    input. A line that is not UTF-8 in an otherwise UTF-8 file (mixed encodings) is left out
    (blanked, so that the other lines keep their offsets) and reported.
    """
    if not data.strip():
        raise BadInputError(f"{where}: empty file")
    if b"\x00" in data[:65536]:
        raise BadInputError(f"{where}: binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
        problems: list[str] = []
    except UnicodeDecodeError:
        lines, problems, good = [], [], 0
        for number, raw in enumerate(data.split(b"\n"), start=1):
            try:
                lines.append(raw.decode("utf-8-sig"))
                good += bool(raw.strip())
            except UnicodeDecodeError as e:
                lines.append("")
                problems.append(f"{where}: line {number}: bytes {raw[e.start:e.start + 4]!r} are not UTF-8 "
                                "(mixed or legacy encoding); line skipped")
        if not good:
            raise BadInputError(f"{where}: not UTF-8 text (legacy encoding?); convert the file to UTF-8")
        text = "\n".join(lines)
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * len(sample):
        raise BadInputError(f"{where}: binary data (control characters), not text")
    return text, problems


def read_document(path: Path) -> tuple[str, list[str]]:
    """The text of a .txt, .md or .html document (markup removed from HTML) and the problems met."""
    text, problems = decode(Path(path).read_bytes(), str(path))
    if Path(path).suffix.lower() in (".html", ".htm"):
        text = html_text(text)
        if not text.strip():
            raise BadInputError(f"{path}: no text outside the markup")
    return text, problems
