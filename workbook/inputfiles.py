"""Declared input paths → their bytes, images or PDFs: regular files only, capped, checked.

Every file the tool reads on someone's behalf goes through here, so that a FIFO, a device, a
directory, a sparse 3 GiB file or a decompression bomb gets one clear message instead of a hang,
a crash or an exhausted machine. Logos and returned (filled-in) PDFs use the image and PDF guards.
"""

from __future__ import annotations

import io
import stat
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.errors import InputError

if TYPE_CHECKING:
    import pypdf

MiB = 1024 * 1024
IMAGE_FORMATS = {"PNG", "JPEG"}
MAX_IMAGE_BYTES = 20 * MiB
MAX_PIXELS = 40_000_000  # a 300 dpi A4 page is about 8.7 million; four times that is plenty
MAX_PDF_BYTES = 50 * MiB
MAX_PDF_PAGES = 2_000


def read_bytes(path: Path, cap: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `cap` bytes, or one clear problem naming it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError.single(str(path), "file not found") from None
    except OSError as exc:
        raise InputError.single(str(path), f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError.single(str(path), f"is {_kind(info.st_mode)}, not a {what} file")
    if info.st_size > cap:
        message = f"is {_size(info.st_size)}; a {what} file is at most {_size(cap)}"
        raise InputError.single(str(path), message)
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)  # a file that grows while read is still capped
    except OSError as exc:
        raise InputError.single(str(path), f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > cap:
        raise InputError.single(str(path), f"is larger than the {_size(cap)} a {what} file may be")
    return data


def read_image(path: Path) -> bytes:
    """A PNG or JPEG whose size in pixels is checked from its header before anything is decoded."""
    from PIL import Image, UnidentifiedImageError  # here: most runs read no image

    data = read_bytes(path, MAX_IMAGE_BYTES, "image")
    too_big = f"has more than {MAX_PIXELS:,} pixels; a smaller image will print as well"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
        with image:
            if image.format not in IMAGE_FORMATS:
                raise InputError.single(str(path), f"is {image.format}; use a PNG or JPEG image")
            if image.size[0] * image.size[1] > MAX_PIXELS:
                raise InputError.single(str(path), too_big)
            image.verify()  # walks the data without decoding it into memory
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError.single(str(path), too_big) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InputError.single(str(path), "is not a readable PNG or JPEG image") from None
    return data


def read_pdf(path: Path) -> pypdf.PdfReader:
    """A PDF read strictly: a damaged file is refused, never repaired and read as something else."""
    import pypdf  # here: most runs read no PDF

    data = read_bytes(path, MAX_PDF_BYTES, "PDF")
    if b"%PDF-" not in data[:1024]:  # where the format puts its header
        raise InputError.single(str(path), "is not a PDF")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        pages = len(reader.pages)
    except (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, RecursionError):
        raise InputError.single(str(path), "is a damaged PDF; it was not read") from None
    if reader.is_encrypted:
        raise InputError.single(str(path), "is encrypted; save it without a password")
    if pages > MAX_PDF_PAGES:
        raise InputError.single(str(path), f"has {pages} pages; at most {MAX_PDF_PAGES} are read")
    return reader


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISFIFO: "a pipe",
        stat.S_ISCHR: "a device",
        stat.S_ISBLK: "a device",
        stat.S_ISSOCK: "a socket",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a special file")


def _size(count: int) -> str:
    return f"{count / MiB:.1f} MiB" if count >= MiB else f"{count:,} bytes"
