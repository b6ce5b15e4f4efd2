"""The one error a parameter value that is not allowed raises, from any construction path."""

from __future__ import annotations

from typing import Any


class ParamError(ValueError):
    """A parameter value that is not allowed: names the key, the value and what is allowed."""

    def __init__(self, key: str, value: Any, allowed: str) -> None:
        self.key = key
        self.value = value
        self.allowed = allowed
        super().__init__(f"{key} = {value!r}: {allowed}")
