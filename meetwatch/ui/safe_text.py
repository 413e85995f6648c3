"""Untrusted text made safe to show: nothing a stranger posts can act on the
terminal or the layout.

The store already strips control characters, but the deck also reads logs it
did not write, so it checks again: C0/C1 controls become their visible
Unicode "control picture" (``␛`` for ESC), bidirectional embeddings,
overrides and isolates become a visible tag (``⟦RLO⟧``) instead of silently
reordering what follows, and lengths are capped.  Text is only ever placed in
``rich.text.Text`` objects, so ``[bold]`` stays those characters.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"

_BIDI_NAMES = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def _picture(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in _BIDI_NAMES:
        return f"⟦{_BIDI_NAMES[ch]}⟧"
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "␡"
    return f"⟦{code:02X}⟧"  # C1 controls have no pictures


def visible(text: str, limit: int | None = None) -> str:
    """Text with every control made visible; tabs become spaces; newlines stay."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + ELLIPSIS
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _UNSAFE.sub(_picture, text)


def one_line(text: str, limit: int | None = None) -> str:
    """Visible text on one line: any run of whitespace is one space."""
    if limit is not None and len(text) > limit * 2:
        text = text[: limit * 2]  # cheap pre-cut before the regexes
    flat = _SPACES.sub(" ", visible(text)).strip()
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1] + ELLIPSIS
    return flat
