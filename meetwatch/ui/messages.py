"""App-wide messages."""

from __future__ import annotations

from textual.message import Message


class ReplayProgress(Message):
    """The replay engine committed a batch; the app drains what it buffered.

    Sent from the engine's thread; a queued one stands for any number of
    batches (``can_replace``), so a flood of commits is one message."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ReplayProgress)
