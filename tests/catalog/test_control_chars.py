"""``CONTROL_CHARS``: what no stored text may hold, its lone-surrogate part the one class of ``govhall.text``."""

from __future__ import annotations

from govhall.catalog.schemas import CONTROL_CHARS
from govhall.text import LONE_SURROGATE


def test_the_surrogate_part_is_the_text_packages_class() -> None:
    """The API's request filter, the opinion importer and the catalogue refuse the same code points."""
    surrogates = [chr(c) for c in range(0xD800, 0xE000)]
    assert all(CONTROL_CHARS.fullmatch(ch) for ch in surrogates)
    assert all(LONE_SURROGATE.fullmatch(ch) for ch in surrogates)
    assert CONTROL_CHARS.pattern.endswith(f"|{LONE_SURROGATE.pattern}")


def test_exactly_the_control_characters_but_tab_and_line_breaks_and_the_surrogates() -> None:
    refused = {c for c in range(0x110000) if CONTROL_CHARS.search(chr(c))}
    controls = {*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F}
    assert refused == controls | set(range(0xD800, 0xE000))
    assert not {0x09, 0x0A, 0x0D} & refused  # tab and line breaks stay: guides and forms have them
