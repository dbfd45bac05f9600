"""QR stickers for every room (扫码报修): A4 sheets, twelve stickers a page, as one PDF.

Each sticker has the room's QR code — a link that opens the private chat with the bot with
the place filled in — the room's name under it, and "扫码报修 · scan to report". Drawn with
segno (the QR code) and Pillow (the page, in the bundled Noto Sans CJK font) and saved as a
bilevel PDF: crisp codes that print on any office printer, no font needed on the reader's side.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources

import segno
from PIL import Image, ImageDraw, ImageFont

from bot.domain.places import Place

DPI = 200
PAGE = (1654, 2339)  # A4 at 200 dpi
COLUMNS, ROWS = 3, 4
MARGIN = 70  # around the page: most printers cannot print to the edge
QR_SHARE = 0.62  # of a sticker's width
FONT_FILE = "NotoSansCJKsc-Regular.otf"
CAPTION = "扫码报修 · scan to report"
PER_PAGE = COLUMNS * ROWS


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    path = resources.files("mplfonts") / "fonts" / FONT_FILE
    return ImageFont.truetype(str(path), size)


def sticker_sheets(places: Sequence[Place], link: Callable[[Place], str]) -> bytes:
    """Return a PDF of A4 pages with one sticker per place (`link` gives its QR code's URL)."""
    if not places:
        raise ValueError("no places to print")
    pages = [
        _page(places[start : start + PER_PAGE], link) for start in range(0, len(places), PER_PAGE)
    ]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return out.getvalue()


def _page(places: Sequence[Place], link: Callable[[Place], str]) -> Image.Image:
    page = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(page)
    width = (PAGE[0] - 2 * MARGIN) // COLUMNS
    height = (PAGE[1] - 2 * MARGIN) // ROWS
    for index, place in enumerate(places):
        left = MARGIN + (index % COLUMNS) * width
        top = MARGIN + (index // COLUMNS) * height
        _cut_lines(draw, left, top, width, height)
        _sticker(page, draw, place, link(place), left, top, width, height)
    return page.convert("1", dither=Image.Dither.NONE)


def _cut_lines(draw: ImageDraw.ImageDraw, left: int, top: int, width: int, height: int) -> None:
    """A dashed frame to cut along."""
    right, bottom = left + width - 1, top + height - 1
    for x in range(left, right, 24):
        draw.line([(x, top), (min(x + 12, right), top)], fill=100, width=2)
        draw.line([(x, bottom), (min(x + 12, right), bottom)], fill=100, width=2)
    for y in range(top, bottom, 24):
        draw.line([(left, y), (left, min(y + 12, bottom))], fill=100, width=2)
        draw.line([(right, y), (right, min(y + 12, bottom))], fill=100, width=2)


def _sticker(
    page: Image.Image,
    draw: ImageDraw.ImageDraw,
    place: Place,
    url: str,
    left: int,
    top: int,
    width: int,
    height: int,
) -> None:
    code = _qr_image(url, int(width * QR_SHARE))
    x = left + (width - code.width) // 2
    y = top + 40
    page.paste(code, (x, y))
    label_top = y + code.height + 20
    _centred(draw, place.label, left, label_top, width, size=54)
    _centred(draw, CAPTION, left, label_top + 80, width, size=30)


def _qr_image(url: str, size: int) -> Image.Image:
    """The QR code as a square image of about `size` pixels, modules kept sharp."""
    qr = segno.make(url, error="m")
    modules = [list(row) for row in qr.matrix_iter(scale=1, border=2)]
    count = len(modules)
    small = Image.new("L", (count, count), 255)
    small.putdata([0 if dark else 255 for row in modules for dark in row])
    scale = max(1, size // count)
    return small.resize((count * scale, count * scale), Image.Resampling.NEAREST)


def _centred(
    draw: ImageDraw.ImageDraw, text: str, left: int, top: int, width: int, *, size: int
) -> None:
    """Write `text` centred in the sticker, smaller if it is too wide."""
    room = width - 40
    font = _font(size)
    while draw.textlength(text, font=font) > room and size > 18:
        size -= 4
        font = _font(size)
    if draw.textlength(text, font=font) > room:  # still too long: cut it
        while text and draw.textlength(text + "…", font=font) > room:
            text = text[:-1]
        text += "…"
    length = draw.textlength(text, font=font)
    draw.text((left + (width - length) / 2, top), text, font=font, fill=0)
