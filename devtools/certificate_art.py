"""A realistic certificate for tests and benchmarks: a full-page JPEG background, two logos, two signatures,
a QR code and the usual texts, on A4 landscape.

Rendering speed and file size depend on what a real template carries (a few hundred KiB of background, PNG
logos with transparency, a QR code), so measuring with a bare text page would flatter the renderer. The images
are drawn with Pillow from fixed numbers, so every run produces the same bytes; they are cached because drawing
the background takes half a second. No Django here: the rendering benchmark runs without settings.
"""

import io
import math
import random
from functools import cache
from html import escape

from PIL import Image, ImageColor, ImageDraw, ImageFilter, ImageFont

from certificates.rendering import PageSetup, qr_code_img

# A4 landscape at 150 dpi: sharp enough for print proofs, the size a designer would export.
BACKGROUND_SIZE = (1754, 1240)
NAVY = (24, 46, 94)
GOLD = (184, 140, 52)
TEAL = (18, 120, 120)


def _font(size: int, bold: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    # DejaVu is what the PDFs use as well; Pillow's own font keeps the art drawable where it is missing.
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@cache
def background_jpeg() -> bytes:
    """A cream paper with a diagonal colour wash, a guilloche border, corner ornaments and fine grain:
    detail that makes the JPEG weigh what a designer's export does (about 210 KiB at 1754×1240)."""
    width, height = BACKGROUND_SIZE
    # Diagonal wash from cream to a pale blue, built from two gradients so no per-pixel Python loop is needed.
    horizontal = Image.linear_gradient("L").rotate(90, expand=True).resize((width, height))
    vertical = Image.linear_gradient("L").resize((width, height))
    mix = Image.blend(horizontal, vertical, 0.5)
    cream = Image.new("RGB", (width, height), (252, 248, 236))
    blue = Image.new("RGB", (width, height), (222, 233, 245))
    image = Image.composite(cream, blue, mix)

    draw = ImageDraw.Draw(image, "RGBA")
    # Soft circles of colour in the corners.
    for cx, cy, radius, colour in ((0, 0, 520, (*TEAL, 28)), (width, height, 620, (*NAVY, 24)),
                                   (width, 0, 380, (*GOLD, 30)), (0, height, 300, (*GOLD, 22))):
        for step in range(12):
            r = radius - step * radius // 12
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)

    # Guilloche frame: overlapping sine waves along each edge, like the border of a diploma.
    margin = 60
    for phase in range(0, 360, 24):
        for edge in range(4):
            points = []
            length = width - 2 * margin if edge < 2 else height - 2 * margin
            for t in range(0, length + 1, 6):
                offset = 18 * math.sin((t / 35) + math.radians(phase)) + 8 * math.sin(t / 11)
                if edge == 0:
                    points.append((margin + t, margin + offset))
                elif edge == 1:
                    points.append((margin + t, height - margin + offset))
                elif edge == 2:
                    points.append((margin + offset, margin + t))
                else:
                    points.append((width - margin + offset, margin + t))
            draw.line(points, fill=(*GOLD, 90), width=2)
    draw.rectangle((margin + 40, margin + 40, width - margin - 40, height - margin - 40), outline=(*NAVY, 160), width=4)
    draw.rectangle((margin + 52, margin + 52, width - margin - 52, height - margin - 52), outline=(*GOLD, 200), width=2)

    # Rosette behind the centre, faint enough to stay behind the text.
    cx, cy = width // 2, height // 2 + 40
    for angle in range(0, 360, 3):
        rad = math.radians(angle)
        r = 330 + 40 * math.sin(rad * 8)
        draw.line((cx, cy, cx + r * math.cos(rad), cy + r * math.sin(rad)), fill=(*NAVY, 10), width=2)

    # Paper grain: seeded noise, blurred a little, which is what makes a JPEG of real paper heavy.
    rng = random.Random(20260101)
    noise = Image.frombytes("L", (width // 2, height // 2), rng.randbytes((width // 2) * (height // 2)))
    noise = noise.resize((width, height)).filter(ImageFilter.GaussianBlur(1.2))
    image = Image.composite(image, Image.new("RGB", (width, height), (236, 228, 208)),
                            noise.point(lambda value: 215 + value // 6))
    return _encode(image, "JPEG", quality=88, optimize=True)


@cache
def logo_png(label: str, colour: tuple[int, int, int] | str) -> bytes:
    """A round badge with initials on a transparent ground, as organisations' logos usually come."""
    colour = ImageColor.getrgb(colour) if isinstance(colour, str) else colour
    size = 480
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, size - 10, size - 10), fill=(*colour, 255))
    draw.ellipse((40, 40, size - 40, size - 40), outline=(255, 255, 255, 255), width=10)
    for ray in range(0, 360, 15):
        rad = math.radians(ray)
        draw.line((size / 2 + 150 * math.cos(rad), size / 2 + 150 * math.sin(rad),
                   size / 2 + 195 * math.cos(rad), size / 2 + 195 * math.sin(rad)), fill=(255, 255, 255, 180), width=6)
    draw.text((size / 2, size / 2), label, font=_font(130, bold=True), fill=(255, 255, 255, 255), anchor="mm")
    return _encode(image, "PNG", optimize=True)


@cache
def signature_png(name: str) -> bytes:
    """A pen scribble in dark blue ink on a transparent ground, shaped by the name so two signatures differ."""
    width, height = 600, 200
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    rng = random.Random(name)
    frequency, amplitude, loop = 0.6 + rng.random() * 0.8, 30 + rng.random() * 30, 12 + rng.random() * 22
    points = []
    x = 30.0
    loops = max(4, len(name) // 2)
    for step in range(loops * 24):
        t = step / 24
        x += (width - 130) / (loops * 24) * (0.8 + rng.random() * 0.4)  # spread over the image, never past it
        y = height / 2 + amplitude * math.sin(t * math.tau * frequency) * (1 - t / (loops * 1.4))
        points.append((x + loop * math.cos(t * math.tau), y + loop / 2 * math.sin(t * math.tau)))
    draw.line(points, fill=(20, 30, 110, 255), width=4, joint="curve")
    draw.line((40, height - 40, min(x + 40, width - 20), height - 50), fill=(20, 30, 110, 255), width=3)
    return _encode(image, "PNG", optimize=True)


SAMPLE_CSS = """
.sheet { position: relative; height: 210mm; box-sizing: border-box; padding: 22mm 30mm 0; text-align: center;
         color: #182e5e; }
.logo { position: absolute; top: 18mm; width: 26mm; height: 26mm; }
.logo.left { left: 24mm; }
.logo.right { right: 24mm; }
.kicker { font-family: "DejaVu Sans", sans-serif; letter-spacing: 0.3em; text-transform: uppercase; font-size: 10pt;
          margin: 6mm 0 2mm; color: #b88c34; }
h1 { font-size: 34pt; margin: 0 0 6mm; font-weight: bold; }
.lead { font-size: 13pt; margin: 0; }
.name { font-size: 30pt; font-style: italic; margin: 4mm 0 4mm; border-bottom: 0.6mm solid #b88c34;
        display: inline-block; padding: 0 12mm 2mm; }
.course { font-size: 17pt; font-weight: bold; margin: 2mm 40mm 3mm; }
.details { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; margin: 0; }
.number { position: absolute; left: 30mm; bottom: 22mm; font-family: "DejaVu Sans", sans-serif; font-size: 9pt;
          text-align: left; }
.qr { position: absolute; right: 28mm; bottom: 18mm; width: 30mm; text-align: center;
      font-family: "DejaVu Sans", sans-serif; font-size: 6.5pt; }
.qr-code { width: 30mm; height: 30mm; display: block; }
.signatures { position: absolute; left: 75mm; right: 75mm; bottom: 20mm; display: flex;
              justify-content: space-between; }
.signature { width: 60mm; font-family: "DejaVu Sans", sans-serif; font-size: 9pt; }
.signature img { width: 45mm; height: 15mm; display: block; margin: 0 auto; }
.signature .line { border-top: 0.3mm solid #182e5e; padding-top: 1mm; }
"""


@cache
def sample_setup() -> PageSetup:
    """The page every sample certificate is printed on (cached: the images and the setup are shared)."""
    return PageSetup(
        size="A4",
        orientation="landscape",
        css=SAMPLE_CSS,
        background=background_jpeg(),
        assets={
            "logo-left": logo_png("I3", NAVY),
            "logo-right": logo_png("PIC", TEAL),
            "signature-director": signature_png("Katarzyna Wiśniewska"),
            "signature-trainer": signature_png("Mykola Hrytsenko"),
        },
    )


def sample_html(name: str, number: str, qr_text: str) -> str:
    """One filled-in certificate, as the placeholders module would produce it from an editor's layout."""
    return f"""
<div class="sheet">
  <img class="logo left" src="asset:logo-left" alt="Urząd Wojewódzki">
  <img class="logo right" src="asset:logo-right" alt="Punkt Informacyjny dla Cudzoziemców">
  <p class="kicker">Punkt Informacyjny dla Cudzoziemców</p>
  <h1>Zaświadczenie</h1>
  <p class="lead">Niniejszym zaświadcza się, że</p>
  <p class="name">{escape(name)}</p>
  <p class="lead">ukończył(a) szkolenie</p>
  <p class="course">Legalizacja pobytu i pracy cudzoziemców w Polsce – zmiany w przepisach 2026</p>
  <p class="details">12–13 marca 2026 · Lublin i online · 8 godzin dydaktycznych</p>
  <p class="number">Nr zaświadczenia: {escape(number)}<br>Wydano: 14 marca 2026</p>
  <div class="signatures">
    <div class="signature"><img src="asset:signature-director" alt="Podpis: Katarzyna Wiśniewska">
      <div class="line">Katarzyna Wiśniewska<br>Dyrektor</div></div>
    <div class="signature"><img src="asset:signature-trainer" alt="Podpis: Mykola Hrytsenko">
      <div class="line">Mykola Hrytsenko<br>Trener</div></div>
  </div>
  <div class="qr">{qr_code_img(qr_text)}Sprawdź autentyczność</div>
</div>
"""
