"""Character classes that more than one module writes: the Han range of a rule, a lone surrogate.

One definition each, so that "a Chinese character" is the same range in every rule of the text
package and of the packages that build on it, and the API's request filter and the opinion importer
refuse the same code points."""

from __future__ import annotations

import re

__all__ = ["HAN", "LONE_SURROGATE"]

HAN = "\u4e00-\u9fff"
"""The CJK Unified Ideographs block as a range for a character class (``rf"[{HAN}]"``): what the
rules take for a Chinese character of a name, a word or an address; the rare extension blocks are
left out on purpose (a rule reading them would also read what no name is written with)."""

LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""A UTF-16 surrogate code point standing alone in a ``str`` (a JSON escape such as ``\\ud800``, or
bytes read with ``surrogateescape``): it cannot be encoded as UTF-8, so no stored text may hold one."""
