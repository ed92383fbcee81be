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
  punctuation and symbols the charts print), short of ligatures ("ff", "fi", "fl"),
  matplotlib's shaping of DejaVu Sans comes to this: each glyph starts where the previous
  one's hinted advance ends, moved by the pair's unfitted kerning; a string's width is the
  furthest advance end, its height and descent those of the glyphs' hinted boxes. So a new
  string is laid out from each glyph's advance and box and each pair's kerning, kept once
  measured. tests/unit/test_agg_glyphs.py checks this against matplotlib's own layout and
  metrics for every pair of those characters.
- Text layout (`FastText`): the arithmetic of `Text._get_layout`, kept per string.
- PNG encoding (`PngWriter`): numpy filters the rows, zlib packs only the rows that are
  not repeats of the row above.

Both give the same pixels as matplotlib's own path (tests/unit/test_mix_chart.py compares
against images drawn without them). Anything else (rotated text, mathtext, other scripts or
font features, slanted or extended glyphs), and matplotlib versions without the per-glyph
path, fall back to matplotlib's own drawing. Imported only where matplotlib is wanted.
"""

from __future__ import annotations

import itertools
import math
import threading
import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.colors import to_rgba
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import Kerning, RenderMode
from matplotlib.text import Text

_UNIT = 0x40  # FreeType's 26.6 fixed point: 64 units to a pixel
_IDENTITY = np.array([[0x10000, 0], [0, 0x10000]])
# Enough for every glyph of a few fonts at every sub-pixel offset the charts use; past it
# the cache starts again rather than grow without bound (entries are ~100 bytes).
_MAX_GLYPHS = 200_000
_MAX_LAYOUTS = 20_000
# Characters whose shaping is plain advance-plus-kerning (no marks or contextual forms),
# checked pair by pair against matplotlib in tests/unit/test_agg_glyphs.py; except that
# DejaVu Sans joins these pairs into one glyph (its standard ligatures), so text with them
# is left to matplotlib.
_PLAIN_TEXT = frozenset([chr(code) for code in range(0x20, 0x7F)] + list("·×–—’€£¥₹"))
_LIGATURES = ("ff", "fi", "fl")

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
    `_PLAIN_TEXT`), has a ligature, or the font lacks one of its characters (matplotlib would
    take it from a fallback font)."""
    if not _PLAIN_TEXT.issuperset(text) or any(pair in text for pair in _LIGATURES):
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
        # FastText layouts, and fonts' line heights, per renderer (they depend on its dpi).
        self._text_layouts: dict[tuple[Any, ...], _Lines | None] = {}
        self._line_metrics: dict[Any, tuple[float, float, float]] = {}

    def line_metrics(self, prop: Any) -> tuple[float, float, float]:
        """The least ascent and descent of a line, and the gap between lines, in pixels,
        from the font's tables: what `Text._get_layout` reads on every call."""
        metrics = self._line_metrics.get(prop)
        if metrics is None:
            font: Any = get_font(fontManager._find_fonts_by_props(prop))
            scale = None
            for table_name, gap_key, ascent_key, descent_key in (
                ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                ("hhea", "lineGap", "ascent", "descent"),
            ):
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
                scale = 1 / units_per_em * prop.get_size_in_points() * self.dpi / 72
                metrics = (
                    table[ascent_key] * scale,
                    -table[descent_key] * scale,
                    table[gap_key] * scale,
                )
                break
            if metrics is None:  # as matplotlib: measure "lp" instead
                _, height, descent = self.get_text_width_height_descent("lp", prop, False)
                metrics = (height - descent, descent, 0.0)
            self._line_metrics[prop.copy()] = metrics
        return metrics

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


_ADLER = 65521  # the modulus of zlib's Adler-32 checksum


class PngWriter:
    """Encodes RGBA buffers of one size as PNGs, reusing its working memory.

    Every row is stored with PNG's "Up" filter (its difference from the row above), which
    numpy computes in one pass (Pillow's PNG writer tries five filters on every row to pick
    one, which took longer than the compression). A row equal to the one above then filters
    to a run of zeros, and on a chart most rows are such repeats (white space, bars): zlib
    would still read every byte of them, so runs of repeated rows are written as deflate
    blocks kept per run length, and only the other rows go through zlib. The alpha channel
    is kept: dropping it costs a strided copy slower than compressing its bytes, which are
    zeros once filtered (the figure is opaque)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._filtered = np.empty((height, width * 4 + 1), dtype=np.uint8)
        self._filtered[:, 0] = 2  # the Up filter; above the first row are zeros
        # 8 bits per channel, RGBA, no interlacing
        self._header = _chunk(
            b"IHDR", width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 6, 0, 0, 0))
        )
        self._repeats: dict[tuple[int, int], bytes] = {}

    def _repeat_block(self, rows: int, compress_level: int) -> bytes:
        """Raw deflate blocks for `rows` repeated rows (each the filter byte, then zeros),
        not final and ending on a byte boundary with an empty history, so that they can
        stand between two flushed parts of another deflate stream."""
        key = (rows, compress_level)
        block = self._repeats.get(key)
        if block is None:
            compressor = zlib.compressobj(compress_level, zlib.DEFLATED, -15)
            row = b"\x02" + bytes(self.width * 4)
            block = compressor.compress(row * rows) + compressor.flush(zlib.Z_FULL_FLUSH)
            self._repeats[key] = block
        return block

    def encode(self, rgba: Any, compress_level: int) -> bytes:
        """The PNG of `rgba`, rows top to bottom, 4 bytes a pixel."""
        rows = np.frombuffer(rgba, dtype=np.uint8).reshape(self.height, self.width * 4)
        filtered = self._filtered
        filtered[0, 1:] = rows[0]
        np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])
        words = rows.view(np.uint64) if rows.shape[1] % 8 == 0 else rows
        repeated = np.zeros(self.height, dtype=bool)
        repeated[1:] = (words[1:] == words[:-1]).all(axis=1)
        # Runs of rows alike in `repeated`: each run's first row, and the end.
        starts = [0, *(np.flatnonzero(repeated[1:] != repeated[:-1]) + 1).tolist(), self.height]
        compressor = zlib.compressobj(compress_level, zlib.DEFLATED, -15)
        parts = [b"\x78\x01"]  # zlib's header: deflate, 32 KiB window
        adler_a, adler_b = 1, 0
        row_bytes = self.width * 4 + 1
        for start, stop in itertools.pairwise(starts):
            if repeated[start]:
                parts.append(compressor.flush(zlib.Z_FULL_FLUSH))
                parts.append(self._repeat_block(stop - start, compress_level))
                # Adler-32 over the run: each row adds 2 to a, then b gains a per byte.
                count = stop - start
                adler_b = (adler_b + row_bytes * (count * adler_a + count * (count + 1))) % _ADLER
                adler_a = (adler_a + 2 * count) % _ADLER
            else:
                part = filtered[start:stop].data
                parts.append(compressor.compress(part))
                adler = zlib.adler32(part, (adler_b << 16) | adler_a)
                adler_a, adler_b = adler & 0xFFFF, adler >> 16
        parts.append(compressor.flush())
        parts.append(((adler_b << 16) | adler_a).to_bytes(4, "big"))
        return b"".join(
            (
                b"\x89PNG\r\n\x1a\n",
                self._header,
                _chunk(b"IDAT", b"".join(parts)),
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


# A laid-out text: each line with its offset from the anchor, in pixels (y upwards).
_Lines = tuple[tuple[str, float, float], ...]


class FastText(Text):
    """A Text that, on a GlyphCachingRenderer, lays itself out with less of matplotlib's
    machinery and keeps the layout per string: the same arithmetic as `Text._get_layout`
    for upright text with 'normal' line spacing (tests/unit/test_agg_glyphs.py compares the
    two), without its per-call font lookups, copies and generality. Anything else (rotated,
    wrapped, boxed, clipped, math or TeX text, path effects) is drawn by `Text.draw`."""

    def _is_plain(self, renderer: Any) -> bool:
        own: Any = self  # matplotlib's private attributes, untyped
        return (
            isinstance(renderer, GlyphCachingRenderer)
            and self.get_rotation() == 0
            and self.get_rotation_mode() == "default"
            and own._linespacing == "normal"
            and not self.get_usetex()
            and not self.get_wrap()
            and own._bbox_patch is None
            and not self.get_path_effects()
            and not (
                self.get_clip_on()
                and (self.get_clip_box() is not None or self.get_clip_path() is not None)
            )
        )

    def lines(self, renderer: GlyphCachingRenderer) -> _Lines | None:
        """Each line of the text and its offset from the anchor, as `Text._get_layout`
        gives them; None for math text."""
        own: Any = self
        prop = own._fontproperties
        text = self.get_text()
        halign = own._horizontalalignment
        valign = own._verticalalignment
        malign = own._get_multialignment()
        key = (text, halign, valign, malign, prop)
        cache = renderer._text_layouts
        if key in cache:
            return cache[key]
        laid_out = self._lay_out(renderer, text, prop, halign, valign, malign)
        if len(cache) >= _MAX_LAYOUTS:
            cache.clear()
        cache[(text, halign, valign, malign, prop.copy())] = laid_out
        return laid_out

    def _lay_out(
        self,
        renderer: GlyphCachingRenderer,
        text: str,
        prop: Any,
        halign: str,
        valign: str,
        malign: str,
    ) -> _Lines | None:
        lines = text.split("\n")
        own: Any = self
        if any(own._preprocess_math(line) != (line, False) for line in lines):
            return None  # math text, or escaped dollars
        min_ascent, min_descent, line_gap = renderer.line_metrics(prop)
        if len(lines) == 1:
            line_gap = 0
        this_y = 0.0
        widths, ys = [], []
        baseline = descent = 0.0
        for line in lines:
            if line:
                w, h, d = renderer.get_text_width_height_descent(line, prop, False)
            else:
                w = h = d = 0
            a = h - d
            a = max(a, min_ascent) + line_gap / 2
            d = max(d, min_descent) + line_gap / 2
            baseline = a - this_y
            this_y -= a
            widths.append(w)
            ys.append(this_y)
            this_y -= d
            descent = d
        width = max(widths)
        y_min = ys[-1] - descent
        if malign == "left":
            xs = [0.0 for _ in widths]
        elif malign == "center":
            xs = [0 + width / 2 - w / 2 for w in widths]
        else:
            xs = [0 + width - w for w in widths]
        height = 0 - y_min
        offset_x = 0 if halign == "left" else width if halign == "right" else (0 + width) / 2
        offset_y = (
            y_min
            if valign == "bottom"
            else 0
            if valign == "top"
            else (y_min + 0) / 2
            if valign == "center"
            else y_min + descent
            if valign == "baseline"
            else y_min + height - baseline / 2  # center_baseline
        )
        return tuple(
            (line, x - offset_x, y - offset_y) for line, x, y in zip(lines, xs, ys, strict=True)
        )

    def draw(self, renderer: Any) -> None:
        if renderer is not None:
            self._renderer = renderer
        if not self.get_visible() or self.get_text() == "":
            return
        laid_out = self.lines(renderer) if self._is_plain(renderer) else None
        if laid_out is None:
            super().draw(renderer)
            return
        own: Any = self
        pos_x, pos_y = self.get_transform().transform((float(own._x), float(own._y)))
        if not (math.isfinite(pos_x) and math.isfinite(pos_y)):
            super().draw(renderer)  # it logs, or skips, as matplotlib decides
            return
        canvas_height = renderer.height
        gc = renderer.new_gc()
        gc.set_foreground(to_rgba(self.get_color()), isRGBA=True)
        gc.set_alpha(self.get_alpha())
        gc.set_url(own._url)
        gc.set_antialiased(own._antialiased)
        gc.set_snap(self.get_snap())
        mtext = self if len(laid_out) == 1 else None
        for line, x, y in laid_out:
            renderer.draw_text(
                gc,
                x + pos_x,
                canvas_height - (y + pos_y),
                line,
                own._fontproperties,
                0,
                ismath=False,
                mtext=mtext,
            )
        gc.restore()
        self.stale = False
