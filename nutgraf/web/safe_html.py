"""The HTML of a mail or web page, made safe to show: no script, no style, no remote anything.

The sanitiser is nh3 (Rust's ammonia). On top of its defaults we drop every link target and
every image that is not an inline `data:` raster image, so that rendering the result can
never make the browser contact a host: a leaked mail must not tell its sender it was read.
Inline images a mail carries as `cid:` parts become `data:` URIs, so they still show.
The frame that shows the result is also sandboxed and served with a CSP that forbids any
fetch (see pages.py), so a sanitiser bug alone is not enough to leak a request.
"""

from __future__ import annotations

import base64
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import nh3

from nutgraf.ingest.formats.html import decode_html

MAX_HTML_BYTES = 8 * 1024 * 1024
MAX_INLINE_IMAGE = 2 * 1024 * 1024
SAFE_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|bmp);base64,[A-Za-z0-9+/=\s]*$")
_CID = re.compile(r"""cid:([^"'\s>)]+)""", re.IGNORECASE)

_TAGS = (set(nh3.ALLOWED_TAGS) - {"area", "map"}) | {"font"}
_ATTRIBUTES = {
    tag: set(names) - {"cite", "href", "hreflang"} for tag, names in nh3.ALLOWED_ATTRIBUTES.items()
}
_ATTRIBUTES["*"] = {"dir", "lang", "title"}
_ATTRIBUTES["a"] = {"title"}
_ATTRIBUTES["font"] = {"color", "size"}


def sanitise(html: str) -> str:
    """Markup with only harmless tags and attributes; images only as inline data."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object"},
        attributes=_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"data"},
        link_rel=None,
        strip_comments=True,
    )


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "src":
        return value if tag == "img" and _DATA_IMAGE.match(value) else None
    return value


def page_html(data: bytes) -> str:
    """The sanitised markup of an HTML document's original bytes."""
    return sanitise(decode_html(data[:MAX_HTML_BYTES]))


def mail_html(data: bytes) -> str | None:
    """The sanitised HTML body of an RFC 822 message, or None when it has none."""
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    body = _html_part(message)
    if body is None:
        return None
    try:
        html = body.get_content()
    except (LookupError, ValueError, UnicodeError):
        payload = body.get_payload(decode=True)
        html = decode_html(payload if isinstance(payload, bytes) else b"")
    inline = _inline_images(message)
    html = _CID.sub(lambda found: inline.get(found.group(1).strip("<>"), ""), html)
    return sanitise(html[:MAX_HTML_BYTES])


MAX_PARSED_FOR_PAGE = 5 * 1024 * 1024


def has_mail_html(data: bytes) -> bool:
    """Whether an RFC 822 message has an HTML body to show (a plain-text mail has none).
    Without `text/html` anywhere in its bytes it has none; a very large one is not parsed
    for the page (it may have one)."""
    if re.search(rb"text/html", data, re.IGNORECASE) is None:
        return False
    if len(data) > MAX_PARSED_FOR_PAGE:
        return True
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return _html_part(message) is not None


def _html_part(message: EmailMessage) -> EmailMessage | None:
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            return None  # a forwarded message is its own document, shown on its own page
        if part.get_content_type() == "text/html" and not part.is_attachment():
            return part  # type: ignore[return-value]
    return None


def _inline_images(message: EmailMessage) -> dict[str, str]:
    """Content-ID → data: URI for the message's small raster images."""
    images: dict[str, str] = {}
    for part in message.walk():
        content_id = part.get("Content-ID")
        if not content_id or part.get_content_type() not in SAFE_IMAGE_TYPES:
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or len(payload) > MAX_INLINE_IMAGE:
            continue
        encoded = base64.b64encode(payload).decode("ascii")
        images[str(content_id).strip().strip("<>")] = (
            f"data:{part.get_content_type()};base64,{encoded}"
        )
    return images
