"""The chart renderer's shortcuts must give exactly what matplotlib gives: the same glyphs at
the same places, the same text sizes, the same pixels, and PNGs any decoder reads back."""

from __future__ import annotations

import io
import itertools
import zlib

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from PIL import Image

from bot.render.agg_glyphs import (
    _PLAIN_TEXT,
    FastText,
    GlyphCachingCanvas,
    GlyphCachingRenderer,
    PngWriter,
    lay_out,
)

DPI = 100
# The chart's sizes: values and labels, panel titles, the title.
SIZES = (10, 12, 15)


@pytest.mark.parametrize("size", SIZES)
def test_plain_text_is_laid_out_and_measured_as_matplotlib_does(size: int) -> None:
    """Every pair of plain characters: the same glyphs at the same offsets as libraqm's
    shaping, and the same width, height and descent as FT2Font.set_text; the ligature
    pairs are left to matplotlib."""
    renderer = GlyphCachingRenderer(200, 100, DPI)
    prop = FontProperties(size=size)
    flags = get_hinting_flag()
    left_to_matplotlib = []
    for first, second in itertools.product(sorted(_PLAIN_TEXT), repeat=2):
        text = first + second
        font = renderer._prepare_font(prop)
        ours = lay_out(font, size, DPI, text, flags)
        if ours is None:
            left_to_matplotlib.append(text)
            continue
        items, metrics = ours
        theirs = [(item.glyph_index, item.x, item.y) for item in font._layout(text, flags=flags)]
        assert [(index, x, y) for _, index, x, y in items] == theirs, text
        font.set_text(text, 0.0, flags=flags)
        width, height = font.get_width_height()
        assert metrics == (width / 64, height / 64, font.get_descent() / 64), text
    assert left_to_matplotlib == ["ff", "fi", "fl"]


def test_longer_strings_and_the_drawn_glyphs_match_matplotlib() -> None:
    """Kerning chains and glyphs drawn before measuring (a sub-pixel transform left on the
    font) change nothing."""
    renderer = GlyphCachingRenderer(400, 100, DPI)
    prop = FontProperties(size=10)
    flags = get_hinting_flag()
    gc = renderer.new_gc()
    for text in (
        "Awareness mix · 25,000 USD · Instagram · 4 weeks",
        "Planned 24,950 of 25,000 EUR · 12 creators · 30 posts · €50 unspent",
        "Mega ~25M · kickoff",  # a ligature: matplotlib's own path
        "AVAWAY Ty.Yo 7/4 -1.5% ¥2.3K £1 ₹9 – — ’×",
    ):
        renderer.draw_text(gc, 10.3, 50.7, text, prop, 0)
        font = renderer._prepare_font(prop)
        ours = lay_out(font, 10, DPI, text, flags)
        if ours is None:
            continue
        theirs = [(item.glyph_index, item.x, item.y) for item in font._layout(text, flags=flags)]
        assert [(index, x, y) for _, index, x, y in ours[0]] == theirs
        font.set_text(text, 0.0, flags=flags)
        width, height = font.get_width_height()
        assert ours[1] == (width / 64, height / 64, font.get_descent() / 64)


ALIGNMENTS = list(
    itertools.product(
        ("left", "center", "right"), ("top", "center", "baseline", "center_baseline", "bottom")
    )
)


@pytest.mark.parametrize(("ha", "va"), ALIGNMENTS)
def test_fast_text_lays_out_lines_as_text_does(ha: str, va: str) -> None:
    figure = Figure(figsize=(4, 2), dpi=DPI)
    renderer = GlyphCachingCanvas(figure).get_renderer()
    assert isinstance(renderer, GlyphCachingRenderer)
    for string in ("$12.3K (45%)", "Nano ~5K · kickoff\n12 × 2 posts", "Mid\n\n3 × 1 post", "g"):
        fast = FastText(0, 0, string, ha=ha, va=va, fontsize=10)
        fast.set_figure(figure)
        laid_out = fast.lines(renderer)
        assert laid_out is not None
        _, info, _ = Text._get_layout(fast, renderer)  # type: ignore[attr-defined]
        assert [(line, x, y) for line, _, (x, y) in info] == list(laid_out)


def draw(canvas: FigureCanvasAgg, text_type: type[Text]) -> np.ndarray:
    figure = canvas.figure
    figure.texts.clear()
    for index, (ha, va) in enumerate(ALIGNMENTS):
        text = text_type(
            0.05 + 0.3 * (index % 3),
            0.1 + 0.055 * (index // 3) * 3,
            f"Mega ~{index}.5M · launch\n{index} × 2 posts",
            ha=ha,
            va=va,
            fontsize=10 + index % 3,
            color=("#222222", "#666666", "black")[index % 3],
        )
        figure.add_artist(text)
    figure.add_artist(text_type(0.5, 0.95, "Tilted 45°", rotation=45))  # matplotlib's path
    figure.add_artist(text_type(0.7, 0.9, r"$\alpha$ math $x^2$"))
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def test_fast_text_draws_the_pixels_matplotlib_draws() -> None:
    ours = draw(GlyphCachingCanvas(Figure(figsize=(6, 6), dpi=DPI)), FastText)
    theirs = draw(FigureCanvasAgg(Figure(figsize=(6, 6), dpi=DPI)), Text)
    assert ours.min() < 100  # something was drawn
    assert np.array_equal(ours, theirs)


def read_png(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGBA"))


def test_png_writer_round_trips_images_with_and_without_repeated_rows() -> None:
    generator = np.random.default_rng(19)
    for trial in range(60):
        height, width = int(generator.integers(1, 40)), int(generator.integers(1, 30))
        image = np.full((height, width, 4), 255, dtype=np.uint8)
        for _ in range(int(generator.integers(0, 6))):  # flat boxes: runs of repeated rows
            top, bottom = sorted(generator.integers(0, height + 1, 2))
            left, right = sorted(generator.integers(0, width + 1, 2))
            image[top:bottom, left:right, :3] = generator.integers(0, 256, 3)
        if trial % 3 == 0:  # noise: no repeats at all
            image[:, :, :3] = generator.integers(0, 256, (height, width, 3))
        data = PngWriter(width, height).encode(image.tobytes(), 1)
        # zlib.decompress checks the stream's Adler-32 (Pillow need not read that far).
        idat_length = int.from_bytes(data[33:37], "big")
        assert data[37:41] == b"IDAT"
        raw = zlib.decompress(data[41 : 41 + idat_length])
        assert len(raw) == height * (width * 4 + 1)
        assert np.array_equal(read_png(data), image), trial
