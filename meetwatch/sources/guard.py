"""The parsers' contract: any input gives events or a ParseError, nothing else."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from meetwatch.core.models import ParseError

_P = ParamSpec("_P")
_R = TypeVar("_R")


def guarded(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Last line of defence: an unforeseen exception still becomes a ParseError
    (tests feed garbage and check this message never appears)."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return func(*args, **kwargs)
        except ParseError:
            raise
        except RecursionError:
            raise ParseError("input nested too deeply") from None
        except Exception as exc:  # the contract is ParseError only
            raise ParseError(f"internal parser error ({type(exc).__name__})") from exc

    return wrapper
