"""An Agg canvas that lays out and renders text from per-glyph caches, for charts drawn
many times.

matplotlib 3.11 does all of a string's text work per character, every time: it shapes the
string (libraqm), loads and hints every glyph to measure it, loads and hints every glyph
again to lay it out, and rasterises every glyph to draw it. On the /mix chart, whose numbers
are new with every plan, that was most of the drawing time. This renderer does each of those
once per glyph and keeps the result:

- Bitmaps. A glyph's bitmap depends only on the font, size, glyph, hinting, antialiasing and
  the sub-pixel (1/64 px) part of its position: moving it by whole pixels moves the bitmap
  unchanged. So the bitmaps are kept by exactly that key and blitted.
- Layout and size. For the characters in `_PLAIN_TEXT` (Latin letters, digits and the
  punctuation and symbols the charts print), matplotlib's shaping of DejaVu Sans comes to
  this: each glyph starts where the previous one's hinted advance ends, moved by the pair's
  unfitted kerning; a string's width is the furthest advance end, its height and descent
  those of the glyphs' hinted boxes. So a new string is laid out from each glyph's advance
  and box and each pair's kerning, kept once measured. tests/unit/test_agg_glyphs.py checks
  this against matplotlib's own layout and metrics for every pair of those characters.

Both give the same pixels as matplotlib's own path (tests/unit/test_mix_chart.py compares
against images drawn without them). Anything else (rotated text, mathtext, other scripts or
font features, slanted or extended glyphs), and matplotlib versions without the per-glyph
path, fall back to matplotlib's own drawing. Imported only where matplotlib is wanted.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.ft2font import Kerning, RenderMode

_UNIT = 0x40  # FreeType's 26.6 fixed point: 64 units to a pixel
_IDENTITY = np.array([[0x10000, 0], [0, 0x10000]])
# Enough for every glyph of a few fonts at every sub-pixel offset the charts use; past it
# the cache starts again rather than grow without bound (entries are ~100 bytes).
_MAX_GLYPHS = 200_000
_MAX_LAYOUTS = 20_000
# Characters whose shaping is plain advance-plus-kerning (no ligatures, marks or contextual
# forms), checked pair by pair against matplotlib in tests/unit/test_agg_glyphs.py.
_PLAIN_TEXT = frozenset([chr(code) for code in range(0x20, 0x7F)] + list("·×–—’€£¥₹"))

# A glyph's bitmap, and its left and bottom sides relative to the whole-pixel origin.
_Glyph = tuple[Any, int, int]
_Item = tuple[Any, int, float, float]  # font, glyph index, x and y from the string's origin
_Metrics = tuple[float, float, float]  # width, height and descent in pixels
# A glyph's hinted advance and the bottom and top of its hinted box, in 26.6 units.
_Measure = tuple[int, int, int]
_glyph_sets: dict[tuple[Any, ...], dict[tuple[int, int, int], _Glyph]] = {}
_measures: dict[tuple[Any, ...], _Measure] = {}
_kernings: dict[tuple[Any, ...], int] = {}
_lock = threading.Lock()

CACHES_GLYPHS = hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    with _lock:
        if len(cache) >= _MAX_GLYPHS:
            cache.clear()
        cache[key] = value


def lay_out(
    font: Any, size: float, dpi: float, text: str, flags: Any
) -> tuple[list[_Item], _Metrics] | None:
    """The glyphs of one line of plain text and its width, height and descent, as
    matplotlib's `FT2Font._layout` and `set_text` give them (`font` set to `size` at `dpi`,
    as `RendererAgg._prepare_font` leaves it); None when the text is not plain (see
    `_PLAIN_TEXT`) or the font lacks one of its characters (matplotlib would take it from a
    fallback font)."""
    if not _PLAIN_TEXT.issuperset(text):
        return None
    base = (font.fname, size, dpi, flags)
    items: list[_Item] = []
    pen = 0
    width = 0
    bottom = top = None
    previous = 0
    for character in text:
        index = font.get_char_index(ord(character))
        if index == 0:
            return None
        if items:
            pair = (*base, previous, index)
            kerning = _kernings.get(pair)
            if kerning is None:
                kerning = font.get_kerning(previous, index, Kerning.UNFITTED)
                _remember(_kernings, pair, kerning)
            pen += kerning
        key = (*base, index)
        measure = _measures.get(key)
        if measure is None:
            font._set_transform(_IDENTITY, [0, 0])  # a glyph drawn last may have moved it
            glyph = font.load_glyph(index, flags)
            measure = (glyph.horiAdvance, glyph.bbox[1], glyph.bbox[3])
            _remember(_measures, key, measure)
        advance, low, high = measure
        items.append((font, index, pen / _UNIT, 0.0))
        width = max(width, pen + advance)
        bottom = low if bottom is None else min(bottom, low)
        top = high if top is None else max(top, high)
        pen += advance
        previous = index
    if bottom is None or top is None:
        return items, (0.0, 0.0, 0.0)
    return items, (width / _UNIT, (top - bottom) / _UNIT, -bottom / _UNIT)


class GlyphCachingRenderer(RendererAgg):
    def __init__(self, width: int, height: int, dpi: float) -> None:
        super().__init__(width, height, dpi)
        # Laid-out strings, per renderer: the items name this thread's font objects.
        self._layouts: dict[tuple[Any, ...], tuple[list[_Item], _Metrics | None]] = {}

    def _laid_out(
        self, font: Any, size: float, text: str, flags: Any
    ) -> tuple[list[_Item], _Metrics | None]:
        """This line's glyphs and (for plain text) its metrics, kept per string: titles,
        tier labels and many values recur from chart to chart."""
        key = (font.fname, size, text, flags)
        laid_out = self._layouts.get(key)
        if laid_out is None:
            plain = lay_out(font, size, self.dpi, text, flags)
            if plain is not None:
                laid_out = plain
            else:
                items = [
                    (item.ft_object, item.glyph_index, item.x, item.y)
                    for item in font._layout(text, flags=flags)
                ]
                laid_out = (items, None)
            if len(self._layouts) >= _MAX_LAYOUTS:
                self._layouts.clear()
            self._layouts[key] = laid_out
        return laid_out

    def get_text_width_height_descent(
        self, s: str, prop: Any, ismath: Any
    ) -> tuple[float, float, float]:
        """As RendererAgg's, from the kept glyph measures for plain text."""
        if ismath is False and s:
            size = prop.get_size_in_points()
            font = self._prepare_font(prop)
            metrics = self._laid_out(font, size, s, get_hinting_flag())[1]
            if metrics is not None:
                return metrics
        width, height, descent = super().get_text_width_height_descent(s, prop, ismath)
        return width, height, descent

    def draw_text(
        self,
        gc: Any,
        x: float,
        y: float,
        s: str,
        prop: Any,
        angle: float,
        ismath: Any = False,
        mtext: Any = None,
    ) -> None:
        """As RendererAgg.draw_text, with each string laid out once."""
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        if ismath or features is not None or language is not None:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        size = prop.get_size_in_points()
        font = self._prepare_font(prop)
        items = self._laid_out(font, size, s, get_hinting_flag())[0]
        if angle != 0:
            self._draw_text_glyphs_and_boxes(
                gc, x, y, angle, [(f, size, index, 0, 1, dx, dy) for f, index, dx, dy in items], []
            )
            return
        self._blit(gc, x, y, size, items)

    def _draw_text_glyphs_and_boxes(
        self,
        gc: Any,
        x: float,
        y: float,
        angle: float,
        glyphs: Iterable[tuple[Any, float, int, float, float, float, float]],
        boxes: Iterable[tuple[float, float, float, float]],
    ) -> None:
        glyphs = list(glyphs)
        boxes = list(boxes)
        if angle != 0 or boxes or any(g[3] != 0 or g[4] != 1 for g in glyphs):
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, boxes)
            return
        for font, size, glyph_index, _slant, _extend, dx, dy in glyphs:
            self._blit(gc, x, y, size, [(font, glyph_index, dx, dy)])

    def _blit(self, gc: Any, x: float, y: float, size: float, items: list[_Item]) -> None:
        """Upright glyphs from the bitmap cache, at (x, y) (y downwards) plus each item's
        offset (upwards); the hot loop of drawing a chart, so kept lean."""
        load_flags = get_hinting_flag()
        antialiased = bool(gc.get_antialiased())
        height = int(self.height)
        draw_text_image = self._renderer.draw_text_image
        fname = None
        bitmaps: dict[tuple[int, int, int], _Glyph] = {}
        for font, glyph_index, dx, dy in items:
            if font.fname != fname:
                fname = font.fname
                bitmaps = _bitmaps_of(fname, size, self.dpi, load_flags, antialiased)
            # The same rounding as matplotlib's own path, split into whole pixels and the
            # sub-pixel remainder the bitmap depends on.
            fx = round(_UNIT * (x + dx))
            fy = round(_UNIT * (height - y + dy))  # FreeType's y is upwards
            key = (glyph_index, fx % _UNIT, fy % _UNIT)
            glyph = bitmaps.get(key)
            if glyph is None:
                glyph = _render(font, size, self.dpi, *key, load_flags, antialiased)
                _remember(bitmaps, key, glyph)
            bitmap, left, lift = glyph
            # draw_text_image's y is downwards and names the bitmap's bottom side.
            draw_text_image(bitmap, fx // _UNIT + left, height - fy // _UNIT - lift, 0, gc)


def _bitmaps_of(
    fname: str, size: float, dpi: float, load_flags: Any, antialiased: bool
) -> dict[tuple[int, int, int], _Glyph]:
    """The bitmap cache of one font at one size, by glyph and sub-pixel offset."""
    key = (fname, size, dpi, load_flags, antialiased)
    bitmaps = _glyph_sets.get(key)
    if bitmaps is None:
        with _lock:
            bitmaps = _glyph_sets.setdefault(key, {})
    return bitmaps


def _render(
    font: Any,
    size: float,
    dpi: float,
    glyph_index: int,
    sub_x: int,
    sub_y: int,
    load_flags: Any,
    antialiased: bool,
) -> _Glyph:
    """One glyph's bitmap, drawn by FreeType at this sub-pixel offset."""
    font.set_size(size, dpi)
    font._set_transform(_IDENTITY, [sub_x, sub_y])
    rendered = font._render_glyph(
        glyph_index, load_flags, RenderMode.NORMAL if antialiased else RenderMode.MONO
    )
    bitmap = np.array(rendered.buffer, copy=True)  # FreeType reuses its glyph slot
    if not antialiased:
        bitmap *= 0xFF
    return bitmap, rendered.left, rendered.top - bitmap.shape[0]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


class PngWriter:
    """Encodes RGBA buffers of one size as PNGs, reusing its working memory.

    Every row is stored with PNG's "Up" filter (its difference from the row above), which
    numpy computes in one pass: a chart's rows repeat, so most filtered bytes are zeros that
    zlib packs fast and small (Pillow's PNG writer tries five filters on every row to pick
    one, which took longer than the compression). The alpha channel is kept: dropping it
    costs a strided copy slower than compressing its bytes, which are all zeros once
    filtered (the figure is opaque)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._filtered = np.empty((height, width * 4 + 1), dtype=np.uint8)
        self._filtered[:, 0] = 2  # the Up filter; above the first row are zeros
        # 8 bits per channel, RGBA, no interlacing
        self._header = _chunk(
            b"IHDR", width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 6, 0, 0, 0))
        )

    def encode(self, rgba: Any, compress_level: int) -> bytes:
        """The PNG of `rgba`, rows top to bottom, 4 bytes a pixel."""
        rows = np.frombuffer(rgba, dtype=np.uint8).reshape(self.height, self.width * 4)
        filtered = self._filtered
        filtered[0, 1:] = rows[0]
        np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])
        return b"".join(
            (
                b"\x89PNG\r\n\x1a\n",
                self._header,
                _chunk(b"IDAT", zlib.compress(memoryview(filtered), compress_level)),
                _chunk(b"IEND", b""),
            )
        )


class GlyphCachingCanvas(FigureCanvasAgg):
    """FigureCanvasAgg whose renderer caches glyphs (where matplotlib allows it)."""

    def get_renderer(self) -> RendererAgg:
        if not CACHES_GLYPHS:
            return super().get_renderer()
        width, height = self.get_width_height(physical=True)
        key = (width, height, self.figure.dpi)
        if getattr(self, "_glyph_renderer_key", None) != key:
            self.renderer = GlyphCachingRenderer(width, height, self.figure.dpi)
            self._glyph_renderer_key = key
        return self.renderer

    def png(self, compress_level: int) -> bytes:
        """Draw the figure and encode it as a PNG at this zlib level."""
        self.draw()
        width, height = self.get_width_height(physical=True)
        writer: PngWriter | None = getattr(self, "_png_writer", None)
        if writer is None or (writer.width, writer.height) != (width, height):
            writer = self._png_writer = PngWriter(width, height)
        return writer.encode(self.buffer_rgba(), compress_level)
