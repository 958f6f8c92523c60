"""Stage ingest: the bytes of one input file → its text, one line per block.

Decodes UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5, and
reduces HTML to text with its block structure kept: paragraphs and table rows
become lines, table cells are separated by tabs. Nothing else is changed.
"""
from __future__ import annotations

import codecs
import html as htmllib
import re

import charset_normalizer
from selectolax.lexbor import LexborHTMLParser

from .doc import Page

NAME = "ingest"
READS = {"data"}
WRITES = {"text", "is_html", "flags"}

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|div|p|table)\b", re.I)
# The Chinese legacy encodings a scraped notice comes in; charset-normalizer decides between them.
_LEGACY = ["gb18030", "big5", "big5hkscs", "utf_16"]
# the share of broken characters (per non-ASCII byte) up to which a file is read in an encoding:
# a Chinese text in another encoding breaks at nearly every non-ASCII byte
_UTF8_MAX_BROKEN, _LEGACY_MAX_BROKEN = 0.1, 0.2
# bytes cut off (head, tail) to try, fewest first: a character is at most 4 bytes
_CUTS = sorted(((h, t) for h in range(4) for t in range(4)), key=sum)
_BLOCK_TAGS = ("p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
               "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "title")
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "head")
_BLANK_RUNS = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)+")
# lexbor's tree building slows down with the square of the nesting depth (100,000 nested
# <div>s: 13 s); past this many tags a page is reduced by a linear tag scan instead
MAX_PARSED_TAGS = 20_000
_DROP_BLOCKS = re.compile(r"<(%s)\b.*?</\1\s*>" % "|".join(_DROP_TAGS), re.I | re.S)
_CELL_END = re.compile(r"</t[dh]\s*>", re.I)
_BLOCK_TAG = re.compile(r"</?(?:%s)\b[^>]*>" % "|".join(_BLOCK_TAGS), re.I)
_ANY_TAG = re.compile(r"<[^>]*>|<!--.*?-->", re.S)


class IngestError(ValueError):
    """An input that is not a readable notice; the message says what to do about it."""


def decode(data: bytes) -> str:
    """The text of a notice file, whatever of the usual encodings it is in."""
    if not data.strip():
        raise IngestError("the file is empty: nothing to extract")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data[:4096]:
        raise IngestError("binary data (NUL bytes), not a text or HTML notice: convert it to text first")
    # a few broken bytes (a download cut at either end, a corrupted byte) do not make a file unreadable:
    # they become U+FFFD, and the rest of the notice is kept
    if _broken_share(data, "utf-8") <= _UTF8_MAX_BROKEN:
        return data.decode("utf-8", errors="replace")
    # detection is strict: a legacy file cut inside a character at either end is detected without the
    # cut (found by cheap strict decodes, so that detection runs once)
    whole = next((data[h:len(data) - t] for h, t in _CUTS
                  if any(_decodes(data[h:len(data) - t], codec) for codec in _LEGACY[:2])), data)
    best = charset_normalizer.from_bytes(whole, cp_isolation=_LEGACY).best()
    if best is not None:
        return str(best)
    share, codec = min((_broken_share(data, codec), codec) for codec in _LEGACY[:2])
    if share <= _LEGACY_MAX_BROKEN:
        return data.decode(codec, errors="replace")
    raise IngestError("the encoding could not be recognised (tried UTF-8, GB18030, Big5): "
                      "save the file as UTF-8")


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _broken_share(data: bytes, codec: str) -> float:
    """Undecodable characters per non-ASCII byte: about 0 for the file's own encoding, near 1 for another."""
    non_ascii = len(data) - len(data.decode("ascii", errors="ignore"))
    if not non_ascii:
        return 0.0
    return data.decode(codec, errors="replace").count("\ufffd") / non_ascii


def looks_like_html(path: str, head: bytes) -> bool:
    return path.lower().endswith(HTML_SUFFIXES) or bool(_HTML_SNIFF.search(head[:2048]))


def html_to_text(html: str) -> str:
    """The visible text of a page: one line per block, tab-separated table cells."""
    if html.count("<") > MAX_PARSED_TAGS:
        return _scan_to_text(html)
    tree = LexborHTMLParser(html)
    for node in tree.css(",".join(_DROP_TAGS)):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css(",".join(_BLOCK_TAGS)):
        node.insert_before("\n")
        node.insert_after("\n")
    for node in root.css("td,th"):
        node.insert_after("\t")
    text = root.text(deep=True, separator="")
    return _BLANK_RUNS.sub("\n\n", text.replace("\xa0", " ")).strip()


def _scan_to_text(html: str) -> str:
    """html_to_text for pathological pages, linear in their size: tags dropped, blocks kept as lines."""
    text = _DROP_BLOCKS.sub("", html)
    text = _CELL_END.sub("\t", text)
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", text))
    return _BLANK_RUNS.sub("\n\n", htmllib.unescape(text).replace("\xa0", " ")).strip()


def run(page: Page) -> Page:
    if page.text:  # given as text (process_text): nothing to decode
        return page
    text = decode(page.data)
    if "\ufffd" in text:
        page.add_flag("undecodable_bytes")  # kept as U+FFFD: the rest of the notice is read
    page.is_html = looks_like_html(page.source_path, page.data)
    page.text = html_to_text(text) if page.is_html else text.replace("\r\n", "\n").replace("\r", "\n")
    if not page.text.strip():
        raise IngestError("no text left after reading the file (an empty page or only markup)")
    page.data = b""
    return page
