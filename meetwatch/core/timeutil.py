"""Time parsing and formatting: everything becomes ISO 8601 UTC with a ``Z``."""

from __future__ import annotations

import email.utils
import re
import time
from datetime import UTC, datetime, timedelta, tzinfo



def iso(dt: datetime) -> str:
    """``2025-06-16T09:02:11.512Z`` for any aware (or naive = UTC) datetime."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    elif dt.utcoffset():
        dt = dt.astimezone(UTC)
    return dt.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def now_iso() -> str:
    return from_epoch_us(time.time_ns() // 1000)


_EPOCH = datetime(1970, 1, 1)


def from_epoch_us(us: int) -> str:
    return (_EPOCH + timedelta(microseconds=us)).isoformat(timespec="milliseconds") + "Z"


def to_epoch_us(value: str) -> int:
    dt = parse_time(value)
    return int(dt.timestamp() * 1_000_000)


def parse_time(value: str) -> datetime:
    """Parse ISO 8601 (any offset, ``Z``, fractional seconds of any length),
    RFC 822 (RSS, twarc1 ``Mon Jun 16 09:02:11 +0000 2025``).

    Raises ``ValueError`` with the offending value when nothing fits.
    """
    text = value.strip()
    if not text:
        raise ValueError("empty time")
    try:
        dt = _parse_iso(text)
    except ValueError:
        dt = _parse_other(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def normalise_time(value: str) -> str:
    return iso(parse_time(value))


_FRACTION = re.compile(r"\.(\d+)")


def _parse_iso(text: str) -> datetime:
    if len(text) > 64:
        raise ValueError(f"time too long: {text[:40]!r}…")
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # Python's fromisoformat takes at most 6 fractional digits.
    text = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], text, count=1)
    return datetime.fromisoformat(text)


def _parse_other(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")  # twarc1 / v1.1
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)  # RFC 822 / RSS pubDate
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"unrecognised time {text[:60]!r}") from exc
    if parsed is None:
        raise ValueError(f"unrecognised time {text[:60]!r}")
    return parsed


# Meeting cities people write that are not IANA zone names.
ZONE_ALIASES = {
    "Europe/Geneva": "Europe/Zurich",
    "America/New York": "America/New_York",
    "Africa/Addis Ababa": "Africa/Addis_Ababa",
    "Asia/Bangkok": "Asia/Bangkok",
    "UTC": "UTC",
}


def zone(name: str) -> tzinfo:
    """The time zone a meeting names; Geneva meetings say ``Europe/Geneva``,
    which IANA spells ``Europe/Zurich``.  Raises ``ValueError`` if unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    key = ZONE_ALIASES.get(name.strip(), name.strip())
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc
