"""
Draw the site's raster icons and share image from the same shapes as
static/img/icon.svg. Run it after changing the mark:

    .venv/bin/python scripts/make_images.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

STATIC = Path(__file__).resolve().parent.parent / "static"
BLUE, BLUE_DARK, TEAL, WHITE = "#0b3a66", "#06264a", "#7fd1c7", "#ffffff"


def mark(size):
    """The globe mark on a rounded blue square, drawn at 8x and scaled down smoothly."""
    scale = 8
    s = size * scale
    u = s / 64  # the SVG's viewBox is 64 units wide
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, s - 1, s - 1], radius=14 * u, fill=BLUE)
    draw.ellipse([12 * u, 12 * u, 52 * u, 52 * u], outline=WHITE, width=round(3 * u))
    draw.ellipse([23 * u, 12 * u, 41 * u, 52 * u], outline=TEAL, width=round(3 * u))
    for x0, y, x1 in [(12, 32, 52), (16, 22, 48), (16, 42, 48)]:
        draw.line([x0 * u, y * u, x1 * u, y * u], fill=WHITE, width=round(2.5 * u))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def share_image():
    image = Image.new("RGB", (1200, 630), BLUE_DARK)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 600, 1200, 630], fill=TEAL)
    icon = mark(220)
    image.paste(icon, (110, 205), icon)
    title = ImageFont.load_default(size=96)
    subtitle = ImageFont.load_default(size=40)
    draw.text((380, 220), "LUMC Global", font=title, fill=WHITE)
    draw.text((384, 345), "Leiden University Medical Center", font=subtitle, fill=TEAL)
    return image


def main():
    root = STATIC / "root"
    root.mkdir(exist_ok=True)
    mark(256).save(root / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    apple = Image.new("RGB", (180, 180), BLUE)
    icon = mark(180)
    apple.paste(icon, (0, 0), icon)
    apple.save(root / "apple-touch-icon.png", optimize=True)
    share_image().save(STATIC / "img" / "share.png", optimize=True)


if __name__ == "__main__":
    main()
