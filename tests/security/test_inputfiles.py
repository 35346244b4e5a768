"""Declared input files: only regular files, capped; images and returned PDFs checked first."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pypdf
import pytest
from PIL import Image

from workbook.errors import InputError
from workbook.inputfiles import MAX_PIXELS, read_bytes, read_image, read_pdf


def message(call, *args) -> str:
    with pytest.raises(InputError) as caught:
        call(*args)
    [problem] = caught.value.problems
    return problem.message


def test_a_pipe_a_device_and_a_folder_are_refused_at_once(tmp_path):
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    assert message(read_bytes, fifo, 1000, "profile") == "is a pipe, not a profile file"
    assert "is a device" in message(read_bytes, __import__("pathlib").Path("/dev/zero"), 1000)
    assert "is a folder" in message(read_bytes, tmp_path, 1000)


def test_a_huge_sparse_file_is_refused_without_being_read(tmp_path):
    huge = tmp_path / "font.ttf"
    with huge.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # 3 GiB of nothing, allocated on no disk
    assert (
        message(read_bytes, huge, 1024, "font")
        == "is 3072.0 MiB; a font file is at most 1,024 bytes"
    )


def png(width: int, height: int) -> bytes:
    """A PNG whose header claims a size; its image data is empty, so nothing could be decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def test_images_are_png_or_jpeg_of_a_sane_size_and_undamaged(tmp_path):
    good = tmp_path / "logo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    good.write_bytes(buffer.getvalue())
    assert read_image(good) == good.read_bytes()
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png(100_000, 100_000))  # only a header: nothing to decode
    assert message(read_image, bomb).startswith(f"has more than {MAX_PIXELS:,} pixels")
    big = tmp_path / "big.png"
    big.write_bytes(png(8_000, 6_000))  # over the cap, under Pillow's own bomb limit
    assert message(read_image, big).startswith(f"has more than {MAX_PIXELS:,} pixels")
    gif = tmp_path / "logo.gif"
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    assert message(read_image, gif) == "is GIF; use a PNG or JPEG image"
    broken = tmp_path / "broken.png"
    broken.write_bytes(buffer.getvalue()[:60])
    assert message(read_image, broken) == "is not a readable PNG or JPEG image"
    fake = tmp_path / "fake.png"
    fake.write_text("not an image", encoding="utf-8")
    assert message(read_image, fake) == "is not a readable PNG or JPEG image"


def test_a_damaged_pdf_is_refused_never_repaired(tmp_path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=100, height=100)
    buffer = io.BytesIO()
    writer.write(buffer)
    good = tmp_path / "filled.pdf"
    good.write_bytes(buffer.getvalue())
    assert len(read_pdf(good).pages) == 1
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(buffer.getvalue().replace(b"startxref", b"startxrfe"))
    assert message(read_pdf, damaged) == "is a damaged PDF; it was not read"
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    assert message(read_pdf, truncated) == "is a damaged PDF; it was not read"
    image = tmp_path / "scan.pdf"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert message(read_pdf, image) == "is not a PDF"
