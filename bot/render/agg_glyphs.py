"""An Agg canvas that renders each glyph bitmap once, for charts drawn many times.

matplotlib 3.11 draws text glyph by glyph from Python: for every character of every label it
sets the font's size and transform and asks FreeType to rasterise the glyph again. On the
/mix chart that is four fifths of the drawing time. A glyph's bitmap depends only on the
font, size, glyph, hinting, antialiasing and the sub-pixel (1/64 px) part of its position:
moving it by whole pixels moves the bitmap unchanged. So this renderer keeps the bitmaps by
exactly that key and blits them, which gives the same pixels as matplotlib's own path
(tests/unit/test_mix_chart.py compares against images drawn without it).

Only upright, unstretched text from fonts is cached; anything else (rotated text, mathtext
boxes, slanted or extended glyphs), and matplotlib versions without the per-glyph path,
fall back to matplotlib's own drawing. Imported only where matplotlib is already wanted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from io import BytesIO
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.ft2font import RenderMode
from PIL import Image

_UNIT = 0x40  # FreeType's 26.6 fixed point: 64 units to a pixel
_IDENTITY = np.array([[0x10000, 0], [0, 0x10000]])
# Enough for every glyph of a few fonts at every sub-pixel offset the charts use; past it
# the cache starts again rather than grow without bound (entries are ~100 bytes).
_MAX_GLYPHS = 200_000

_MAX_LAYOUTS = 20_000

_Glyph = tuple[Any, int, int]  # bitmap, left and top relative to the whole-pixel origin
_glyphs: dict[tuple[Any, ...], _Glyph] = {}
_lock = threading.Lock()

CACHES_GLYPHS = hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")


class GlyphCachingRenderer(RendererAgg):
    def __init__(self, width: int, height: int, dpi: float) -> None:
        super().__init__(width, height, dpi)
        # Laid-out strings, per renderer: the items name this thread's font objects.
        self._layouts: dict[tuple[Any, ...], list[tuple[Any, int, float, float]]] = {}

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
        """As RendererAgg.draw_text, with each string laid out once (titles, tier labels and
        many values recur from chart to chart)."""
        if ismath:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        font = self._prepare_font(prop)
        flags = get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        size = prop.get_size_in_points()
        key = (font.fname, size, s, flags, features, language)
        items = self._layouts.get(key)
        if items is None:
            items = [
                (item.ft_object, item.glyph_index, item.x, item.y)
                for item in font._layout(s, flags=flags, features=features, language=language)
            ]
            if len(self._layouts) >= _MAX_LAYOUTS:
                self._layouts.clear()
            self._layouts[key] = items
        self._draw_text_glyphs_and_boxes(
            gc,
            x,
            y,
            angle,
            [
                (ft_object, size, glyph_index, 0, 1, dx, dy)
                for ft_object, glyph_index, dx, dy in items
            ],
            [],
        )

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
        load_flags = get_hinting_flag()
        antialiased = bool(gc.get_antialiased())
        height = self.height
        for font, size, glyph_index, _slant, _extend, dx, dy in glyphs:
            # The same rounding as matplotlib's own path, split into whole pixels and the
            # sub-pixel remainder the bitmap depends on.
            fx = round(_UNIT * (x + dx))
            fy = round(_UNIT * (height - y + dy))  # FreeType's y is upwards
            sub_x, sub_y = fx % _UNIT, fy % _UNIT
            key = (font.fname, size, self.dpi, glyph_index, sub_x, sub_y, load_flags, antialiased)
            glyph = _glyphs.get(key)
            if glyph is None:
                glyph = _render(
                    font, size, self.dpi, glyph_index, sub_x, sub_y, load_flags, antialiased
                )
                with _lock:
                    if len(_glyphs) >= _MAX_GLYPHS:
                        _glyphs.clear()
                    _glyphs[key] = glyph
            bitmap, left, top = glyph
            # draw_text_image's y is downwards and names the bitmap's bottom side.
            self._renderer.draw_text_image(
                bitmap,
                fx // _UNIT + left,
                int(height) - (fy // _UNIT + top) + bitmap.shape[0],
                0,
                gc,
            )


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
    font.set_size(size, dpi)
    font._set_transform(_IDENTITY, [sub_x, sub_y])
    rendered = font._render_glyph(
        glyph_index, load_flags, RenderMode.NORMAL if antialiased else RenderMode.MONO
    )
    bitmap = np.array(rendered.buffer, copy=True)  # FreeType reuses its glyph slot
    if not antialiased:
        bitmap *= 0xFF
    return bitmap, rendered.left, rendered.top


class GlyphCachingCanvas(FigureCanvasAgg):
    """FigureCanvasAgg whose renderer caches glyph bitmaps (where matplotlib allows it)."""

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
        """Draw the figure and encode it as an RGB PNG straight from the Agg buffer (the
        white background needs no alpha channel), at this zlib level."""
        self.draw()
        image = Image.frombuffer(
            "RGBA", self.get_width_height(), self.buffer_rgba(), "raw", "RGBA", 0, 1
        ).convert("RGB")
        buffer = BytesIO()
        image.save(buffer, format="PNG", compress_level=compress_level)
        return buffer.getvalue()
