"""The keys that review flags, shared by the deck and the post detail screen."""

from __future__ import annotations

from textual.binding import Binding

# action argument -> (stored state, what the notification says)
REVIEWS: dict[str, tuple[str, str]] = {
    "acknowledged": ("acknowledged", "Acknowledged"),
    "dismissed": ("dismissed", "Dismissed"),
    "false_positive": ("false_positive", "Marked as false positive"),
    "open": ("open", "Reopened"),
}
# Shared by the deck (show=False: the footer stays short) and the post screen.
REVIEW_KEYS: tuple[tuple[str, str, str], ...] = (
    ("A", "review_flags('acknowledged')", "Acknowledge flags"),
    ("D", "review_flags('dismissed')", "Dismiss flags"),
    ("F", "review_flags('false_positive')", "Mark flags as false positive"),
    ("U", "review_flags('open')", "Reopen flags"),
    ("E", "review_note", "Note on flag review"),
)


def review_bindings(*, prefix: str = "", show: bool = False) -> list[Binding]:
    return [Binding(key, prefix + action, description, show=show)
            for key, action, description in REVIEW_KEYS]
