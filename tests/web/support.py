"""What the phone-width and accessibility browser tests share: the main pages, logging in, and the
WCAG 2.x contrast check (relative luminance computed here, no axe download, nothing from the network).

The page side only collects computed colours: for every visible element with text of its own, the
text colour and the first opaque background behind it (semi-transparent layers blended on the way
up). The ratio and the verdict are computed in Python from the WCAG formulas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from govhall.demo import DEMO_PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MIN_CONTRAST = 4.5

# every page of the hall a citizen uses, with the account that sees it (None: anonymous)
CITIZEN_PAGES = [
    "/",
    "/?q=失业金",
    "/items/unemployment-benefit",
    "/items/marriage-registration",
    "/items/social-insurance-record",
    "/items/unemployment-benefit/apply",
    "/assistant",
    "/policies",
    "/recommend",
    "/graph",
    "/my/cases",
    "/notifications",
    "/account/password",
]
CLERK_PAGES = ["/clerk/queue", "/clerk/handoffs", "/notifications"]
ANONYMOUS_PAGES = ["/", "/login", "/items/dibao", "/assistant", "/policies"]


def login(page: Any, base: str, username: str) -> None:
    """Sign in through the login form, as a person would."""
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login")
    page.wait_for_load_state()


def open_menu(page: Any) -> None:
    """On a phone the menu is collapsed behind the 菜单 button; on a desktop there is nothing to open."""
    toggle = page.locator("#menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


_RGB = re.compile(r"rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\)")


def parse_colour(css: str) -> tuple[float, float, float, float]:
    """``rgb(…)``/``rgba(…)`` as computed by the browser: channels 0-255 and alpha 0-1."""
    match = _RGB.fullmatch(css.strip())
    if match is None:
        raise ValueError(f"not a computed colour: {css!r}")
    r, g, b, a = match.groups()
    alpha = 1.0 if a is None else float(a[:-1]) / 100 if a.endswith("%") else float(a)
    return float(r), float(g), float(b), alpha


def blend(top: tuple[float, float, float, float], under: tuple[float, float, float]) -> tuple[float, float, float]:
    """``top`` painted over the opaque colour ``under`` (source-over compositing)."""
    alpha = top[3]
    return tuple(top[i] * alpha + under[i] * (1 - alpha) for i in range(3))  # type: ignore[return-value]


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (channels 0-255)."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """(L1 + 0.05) / (L2 + 0.05) with L1 the lighter: 1 (same colour) to 21 (black on white)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# Collects, for each visible element with its own text, the text colour and the stack of
# backgrounds from the element up to the first opaque one (the page is white under everything).
COLLECT_TEXT_COLOURS = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "NOSCRIPT", "OPTION", "TITLE"].includes(el.tagName)) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility !== "visible" || style.display === "none" || box.width < 2 || box.height < 2) continue;
    if (el.closest("[hidden], .sr-only, [aria-hidden=true]")) continue;
    if (style.clip === "rect(0px, 0px, 0px, 0px)" || Number(style.opacity) === 0) continue;
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      layers.push(bg);
      if (/^rgb\\(/.test(bg)) break;
    }
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("");
    out.push({ tag: el.tagName.toLowerCase(), id: el.id, cls: el.className && String(el.className),
               text: text.trim().slice(0, 30), color: style.color, layers: layers });
  }
  return out;
}"""


@dataclass(frozen=True)
class LowContrast:
    where: str
    text: str
    ratio: float


def low_contrast(samples: list[dict[str, Any]], minimum: float = MIN_CONTRAST) -> list[LowContrast]:
    """The samples from :data:`COLLECT_TEXT_COLOURS` whose text contrasts less than ``minimum``."""
    failures = []
    for sample in samples:
        background: tuple[float, float, float] = (255.0, 255.0, 255.0)
        for layer in reversed(sample["layers"]):
            background = blend(parse_colour(layer), background)
        text = blend(parse_colour(sample["color"]), background)
        ratio = contrast_ratio(text, background)
        if ratio < minimum:
            where = f"{sample['tag']}#{sample['id']}.{sample['cls']}"
            failures.append(LowContrast(where, sample["text"], round(ratio, 2)))
    return failures


# Controls a person fills in or chooses with no accessible name (label, aria-label or aria-labelledby).
UNLABELLED_CONTROLS = """() => [...document.querySelectorAll("input, select, textarea")]
  .filter((el) => el.type !== "hidden" && el.getClientRects().length > 0)
  .filter((el) => !(el.labels && el.labels.length))
  .filter((el) => !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
  .map((el) => el.outerHTML.slice(0, 120))"""

PAGE_WIDTH = "() => document.documentElement.scrollWidth"
