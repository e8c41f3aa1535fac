"""Images (PNG, JPEG, TIFF, GIF, BMP, WebP, JPEG 2000, HEIC, PCX, PNM…): OCR and EXIF metadata.

Every page of a multi-page TIFF is OCRed; the texts are joined like PDF pages (PAGE_SEPARATOR)
and `pages` holds their offsets. Animations (GIF, WebP, APNG) are not documents of pages: only
their first frame is read. Pillow's MAX_IMAGE_PIXELS guard (it refuses images over twice that
many pixels) turns decompression bombs into `Bomb`. When tesseract is missing the error says
so (an image's text is all OCR).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

from PIL import ExifTags, Image, ImageOps, ImageSequence, UnidentifiedImageError
from pillow_heif import register_heif_opener

from nutgraf.errors import Bomb, Corrupt, TooLarge, Unsupported
from nutgraf.ingest.formats.base import Extraction, Source
from nutgraf.ingest.formats.pdf import PAGE_SEPARATOR, placed_boxes
from nutgraf.ingest.ocr import ocr_image

MIME_TYPES: tuple[str, ...] = (
    "image/png",
    "image/jpeg",
    "image/tiff",
    "image/gif",
    "image/bmp",
    "image/webp",
    "image/jp2",
    "image/heic",
    "image/heif",
    "image/x-pcx",
    "image/x-portable-bitmap",
    "image/x-portable-graymap",
    "image/x-portable-pixmap",
    "image/x-tga",
    "image/vnd.microsoft.icon",
)
PAGED_FORMATS = ("TIFF",)  # formats whose frames are pages, not animation
register_heif_opener()  # HEIC/HEIF: what phones take photos in


def extract(source: Source) -> Extraction:
    with _open(source) as image:
        metadata = read_metadata(image)
        frames = list(_pages(image, source.limits.max_pages))
        if len(frames) > 1:
            metadata["page_count"] = len(frames)
        results = [ocr_image(frame, source.ocr_languages) for frame in frames]
    offsets: list[int] = []
    texts: list[str] = []
    boxes = []
    position = 0
    for number, result in enumerate(results):
        offsets.append(position)
        texts.append(result.text)
        boxes.extend(placed_boxes(number + 1, position, result.boxes))
        position += len(result.text) + len(PAGE_SEPARATOR)
    confidences = [result.confidence for result in results if result.words]
    if confidences:
        metadata["ocr_confidence"] = round(sum(confidences) / len(confidences), 1)
    return Extraction(
        text=PAGE_SEPARATOR.join(texts),
        metadata=metadata,
        pages=offsets if len(results) > 1 else [],
        ocr=True,
        boxes=boxes,
    )


def _open(source: Source) -> Image.Image:
    """Open and check the image, turning Pillow's failures into named errors."""
    try:
        image = Image.open(source.path)
    except Image.DecompressionBombError as error:
        raise Bomb(f"bomb: image is too many pixels to decode ({_first_line(error)})") from None
    except UnidentifiedImageError:
        raise Corrupt("corrupt: not a readable image (Pillow cannot identify it)") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise Corrupt(f"corrupt: image cannot be read ({_first_line(error)})") from None
    return image


def _pages(image: Image.Image, max_pages: int) -> Iterator[Image.Image]:
    """Each page as a decoded image: every frame of a TIFF, the first frame otherwise."""
    count = getattr(image, "n_frames", 1) if image.format in PAGED_FORMATS else 1
    if count > max_pages:
        raise TooLarge(f"too_large: image has {count} pages (limit {max_pages})")
    for index, frame in enumerate(ImageSequence.Iterator(image)):
        if index >= count:
            break
        yield _decoded(frame)


def _decoded(frame: Image.Image) -> Image.Image:
    try:
        frame.load()
        # Phones store a photo sideways with an orientation tag: turn it as viewers do.
        upright = ImageOps.exif_transpose(frame) or frame
        return _to_8bit(upright.copy())
    except Image.DecompressionBombError as error:
        raise Bomb(f"bomb: image is too many pixels to decode ({_first_line(error)})") from None
    except (OSError, ValueError, SyntaxError) as error:
        message = _first_line(error)
        if "decoder" in message and "not available" in message:
            raise Unsupported(f"unsupported: no decoder for this image ({message})") from None
        raise Corrupt(f"corrupt: image data cannot be decoded ({message})") from None


def _to_8bit(frame: Image.Image) -> Image.Image:
    """Stretch 16-bit and float images to 8-bit gray: a plain convert would clip them to white."""
    if frame.mode not in ("I", "F") and not frame.mode.startswith("I;16"):
        return frame
    wide = frame.convert("F")
    low, high = cast(tuple[float, float], wide.getextrema())  # mode F: one band
    scale = 255.0 / (high - low) if high > low else 1.0
    return wide.point(lambda value: (value - low) * scale).convert("L")


def read_metadata(image: Image.Image) -> dict[str, Any]:
    metadata: dict[str, Any] = {"width": image.width, "height": image.height}
    try:
        exif = image.getexif()
    except (OSError, ValueError, SyntaxError):
        return metadata  # unreadable EXIF should not cost us the image
    details = exif.get_ifd(ExifTags.IFD.Exif) if exif else {}
    taken = _exif_date(details.get(ExifTags.Base.DateTimeOriginal)) or _exif_date(
        exif.get(ExifTags.Base.DateTime)
    )
    if taken:
        offset = _exif_text(details.get(ExifTags.Base.OffsetTimeOriginal))
        metadata["created"] = taken + offset if _is_utc_offset(offset) else taken
    camera = _camera(
        _exif_text(exif.get(ExifTags.Base.Make)), _exif_text(exif.get(ExifTags.Base.Model))
    )
    if camera:
        metadata["camera"] = camera
    metadata.update(_gps(exif))
    return metadata


def _camera(make: str, model: str) -> str:
    """Make and model, without repeating the make ("Canon" + "Canon EOS 40D")."""
    if model.lower().startswith(make.lower()):
        return model
    return f"{make} {model}".strip()


def _exif_date(value: Any) -> str | None:
    """EXIF "2019:05:01 14:03:22" → ISO "2019-05-01T14:03:22"; None when absent or invalid."""
    text = _exif_text(value)
    try:
        return datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        pass
    try:  # some writers put ISO 8601 there instead
        return datetime.fromisoformat(text).isoformat() if text[:1].isdigit() else None
    except ValueError:
        return None


def _is_utc_offset(text: str) -> bool:
    return len(text) == 6 and text[0] in "+-" and text[3] == ":"


def _gps(exif: Image.Exif) -> dict[str, float]:
    """Latitude and longitude in decimal degrees, when the camera recorded them."""
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        latitude = _degrees(gps[ExifTags.GPS.GPSLatitude], gps[ExifTags.GPS.GPSLatitudeRef])
        longitude = _degrees(gps[ExifTags.GPS.GPSLongitude], gps[ExifTags.GPS.GPSLongitudeRef])
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return {}
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return {}
    return {"latitude": round(latitude, 6), "longitude": round(longitude, 6)}


def _degrees(parts: Any, reference: Any) -> float:
    degrees, minutes, seconds = (float(part) for part in parts)
    value = degrees + minutes / 60 + seconds / 3600
    return -value if _exif_text(reference).upper() in ("S", "W") else value


def _exif_text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value).strip("\x00 ").strip() if value is not None else ""


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
