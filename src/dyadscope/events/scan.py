"""Reading large zipped event files fast: inflate, and the actor filter pushed below the parser.

This module imports only the standard library (and ``isal`` when installed), so that the worker
processes a parallel load starts are quick to start.

Inflating. GDELT's files are zip archives of one deflated member. Python's ``zlib`` inflates
them at about 400 MB/s on this kind of machine; ISA-L (``isal``) does the same work three to four
times faster, so the member is inflated with ISA-L when it is installed, its CRC-32 and size
checked against the archive's directory as ``zipfile`` would. Any other member (stored, or
compressed otherwise) goes through ``zipfile``.

Filtering. ``prefilter`` searches the inflated stream for ``<TAB>CODE<TAB>`` as bytes and writes
only the candidate lines, each prefixed by its line number, for DuckDB to parse and filter
exactly: rows of other actors are never parsed.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from dyadscope.errors import LoadError

try:  # ISA-L's inflate: same output as zlib, several times faster
    from isal import isal_zlib as _inflate
except ImportError:  # pragma: no cover - isal is a dependency; zlib keeps working without it
    _inflate = zlib

BLOCK = 8 << 20
_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, getattr(_inflate, "error", zlib.error))


def zip_member(path: Path, archive: zipfile.ZipFile, suffixes=(".csv", ".txt", ".tsv")) -> zipfile.ZipInfo:
    """The archive's one data file (a README or folder beside it is ignored); LoadError otherwise."""
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > 1:
        members = [m for m in members if m.filename.lower().endswith(suffixes)]
    if len(members) != 1:
        raise LoadError(f"{path}: expected one CSV file in the zip, found "
                        f"{', '.join(m.filename for m in archive.infolist()) or 'none'}")
    return members[0]


def _deflated_blocks(path: Path, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The inflated blocks of a deflated member, read straight from the archive and checked."""
    inflater = _inflate.decompressobj(-15)
    crc, size = 0, 0
    with open(path, "rb") as f:
        f.seek(member.header_offset)
        header = f.read(30)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header for {member.filename}")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        f.seek(member.header_offset + 30 + name_length + extra_length)
        left = member.compress_size
        while left > 0:
            chunk = f.read(min(BLOCK // 4, left))
            if not chunk:
                raise EOFError(f"{member.filename} ends {left:,} bytes early")
            left -= len(chunk)
            block = inflater.decompress(chunk)
            if block:
                crc, size = _inflate.crc32(block, crc), size + len(block)
                yield block
        block = inflater.flush()
        if block:
            crc, size = _inflate.crc32(block, crc), size + len(block)
            yield block
    if not inflater.eof or size != member.file_size or crc != member.CRC:
        raise zipfile.BadZipFile(f"{member.filename}: inflated {size:,} bytes, CRC {crc:08x}; the archive "
                                 f"says {member.file_size:,} bytes, CRC {member.CRC:08x}")


def text_blocks(path: Path) -> Iterator[bytes]:
    """The bytes of a plain file, or of a zip's one data file, in blocks; LoadError when corrupt."""
    try:
        if not path.name.lower().endswith(".zip"):
            with open(path, "rb") as f:
                while block := f.read(BLOCK):
                    yield block
            return
        with zipfile.ZipFile(path) as archive:
            member = zip_member(path, archive)
            if member.compress_type == zipfile.ZIP_DEFLATED and not member.flag_bits & 0x1:
                yield from _deflated_blocks(path, member)
                return
            with archive.open(member) as src:
                while block := src.read(BLOCK):
                    yield block
    except _ERRORS as e:
        raise LoadError(f"{path}: corrupt or truncated zip file ({e})") from e


def extract(path: Path, folder: Path) -> Path:
    """The text of an event file as a plain file DuckDB can scan (a plain file is used where it is)."""
    if not path.name.lower().endswith(".zip"):
        return path
    try:
        with zipfile.ZipFile(path) as archive:
            target = folder / Path(zip_member(path, archive).filename).name
    except _ERRORS as e:
        raise LoadError(f"{path}: corrupt or truncated zip file ({e})") from e
    with open(target, "wb") as out:
        for block in text_blocks(path):
            out.write(block)
    return target


def prefilter(path: Path, target: Path, codes: list[str]) -> bytes:
    """Write to ``target`` the lines of ``path`` holding ``<TAB>CODE<TAB>`` for one of ``codes``.

    Each line written is ``LINE<TAB>row`` (its line number in the file, from 1): a superset of
    the rows to keep, since a code may also stand in another column. Returns the first 1 MB of the
    text, to tell the layout from. A last line without a newline gets one.
    """
    needles = [b"\t" + c.encode() + b"\t" for c in codes]
    head, carry, lines_before = b"", b"", 0
    with open(target, "wb") as out:
        blocks = text_blocks(path)
        while True:
            block = next(blocks, b"")
            data = carry + block
            if block:
                cut = data.rfind(b"\n") + 1
                data, carry = data[:cut], data[cut:]
            elif data and not data.endswith(b"\n"):
                data += b"\n"
            if not head:
                head = data[: 1 << 20]
            starts = set()
            for needle in needles:
                i = data.find(needle)
                while i != -1:
                    starts.add(data.rfind(b"\n", 0, i) + 1)
                    i = data.find(needle, data.find(b"\n", i))
            counted, line, kept = 0, lines_before, []
            for start in sorted(starts):
                line += data.count(b"\n", counted, start)
                counted = start
                kept.append(b"%d\t%b" % (line + 1, data[start:data.find(b"\n", start) + 1]))
            out.write(b"".join(kept))
            lines_before = line + data.count(b"\n", counted)
            if not block:
                return head



def main(argv: list[str] | None = None) -> int:
    """``python -m dyadscope.events.scan PATH TARGET CODE...``: ``prefilter`` in a process of its own.

    Writes the candidate lines to TARGET and the start of the text to TARGET.head; on a file that
    cannot be used, prints the error to stderr and exits 1.
    """
    import sys

    path, target, *codes = sys.argv[1:] if argv is None else argv
    try:
        head = prefilter(Path(path), Path(target), codes)
    except LoadError as e:
        print(e, file=sys.stderr)
        return 1
    Path(target + ".head").write_bytes(head)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
