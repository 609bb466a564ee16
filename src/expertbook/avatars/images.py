"""Turning an uploaded picture into a safe avatar: Pillow decodes it, and only pixels leave.

The file is decoded whatever its name or declared type claims, turned upright from its EXIF
orientation, shrunk to fit 512 × 512 and written anew as WebP without any metadata (EXIF,
GPS, XMP, ICC): nothing the camera recorded about where or when survives.
"""

import io

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_SIDE = 512
ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
# Refuse pictures whose pixels would take more memory than any avatar needs to decode
# (a "decompression bomb" is a small file that expands to gigabytes).
MAX_PIXELS = 40_000_000
WEBP_QUALITY = 85


class NotAnImage(ValueError):
    """Not a PNG, JPEG or WebP picture that can be decoded."""


def make_avatar(data: bytes) -> bytes:
    """The avatar as WebP bytes; NotAnImage for anything else. CPU-bound: call in a thread."""
    try:
        with Image.open(io.BytesIO(data), formats=sorted(ACCEPTED_FORMATS)) as source:
            width, height = source.size
            if width * height > MAX_PIXELS:
                raise NotAnImage("The picture has too many pixels.")
            source.load()
            picture = ImageOps.exif_transpose(source)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise NotAnImage(str(error)) from error
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    has_alpha = picture.mode in ("RGBA", "LA") or "transparency" in picture.info
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    output = io.BytesIO()
    # A fresh image object carries no metadata unless asked: no exif=, no icc_profile=.
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    clean.save(output, format="WEBP", quality=WEBP_QUALITY, method=4)
    return output.getvalue()
