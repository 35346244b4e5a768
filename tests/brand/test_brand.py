"""A career centre's brand file: name, logo scaled for print, an accent that survives grayscale."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from workbook.brand import LOGO_MM, MIN_CONTRAST, PRINT_DPI, contrast_on_white, gray, load_brand
from workbook.errors import InputError


def image(path, size=(4000, 1500), kind="PNG"):
    Image.new("RGB", size, (30, 60, 120)).save(path, kind)
    return path


def brand(tmp_path, text: str):
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(path) -> str:
    with pytest.raises(InputError) as caught:
        load_brand(path)
    return str(caught.value)


def test_a_brand_file_loads_with_its_logo_scaled_for_print(tmp_path):
    image(tmp_path / "logo.png")
    path = brand(
        tmp_path, 'name: Northside Careers\nlogo: logo.png\naccent: "#1F4E79"\nfooter: Hi there\n'
    )
    loaded = load_brand(path)
    assert loaded.name == "Northside Careers" and loaded.footer == "Hi there"
    assert loaded.accent == "#1f4e79"
    with Image.open(io.BytesIO(loaded.logo)) as logo:
        assert logo.format == "PNG"
        box = [round(size / 25.4 * PRINT_DPI) for size in LOGO_MM]
        assert logo.width <= box[0] and logo.height <= box[1]
        assert max(logo.width / box[0], logo.height / box[1]) > 0.99  # as large as the box needs
    assert load_brand(path).logo == loaded.logo  # the same logo, the same bytes


def test_a_small_jpeg_logo_is_kept_at_its_size(tmp_path):
    image(tmp_path / "logo.jpg", (200, 80), "JPEG")
    loaded = load_brand(brand(tmp_path, "name: A\nlogo: logo.jpg\n"))
    with Image.open(io.BytesIO(loaded.logo)) as logo:
        assert (logo.format, logo.size) == ("JPEG", (200, 80))


def test_only_the_name_is_required(tmp_path):
    assert load_brand(brand(tmp_path, "name: A\n")) == load_brand(brand(tmp_path, "name: A\n"))
    assert "name" in refused(brand(tmp_path, "footer: x\n"))


@pytest.mark.parametrize("accent", ["#ffcc00", "#a0a0a0", "#ffffff"])
def test_an_accent_too_light_in_grayscale_is_refused(tmp_path, accent):
    message = refused(brand(tmp_path, f'name: A\naccent: "{accent}"\n'))
    assert f"brand.yaml:2: accent: {accent} prints as a light grey" in message
    assert "choose a darker colour" in message


@pytest.mark.parametrize("accent", ["#1f4e79", "#000000", "#8b0000"])
def test_a_dark_accent_keeps_contrast(accent):
    assert contrast_on_white(gray(accent)) >= MIN_CONTRAST


@pytest.mark.parametrize("accent", ["blue", "#12345", "rgb(1,2,3)"])
def test_an_accent_not_written_as_hex_is_refused(tmp_path, accent):
    assert "accent: must be a colour written #rrggbb" in refused(
        brand(tmp_path, f'name: A\naccent: "{accent}"\n')
    )


def test_unknown_fields_and_bad_logos_are_named(tmp_path):
    assert "colour" in refused(brand(tmp_path, "name: A\ncolour: red\n"))
    assert "file not found" in refused(brand(tmp_path, "name: A\nlogo: missing.png\n"))
    Image.new("RGB", (10, 10)).save(tmp_path / "logo.gif", "GIF")
    gif = brand(tmp_path, "name: A\nlogo: logo.gif\n")
    assert "is GIF; use a PNG or JPEG image" in refused(gif)
