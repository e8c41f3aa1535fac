"""Reading query-string parameters: a bad one is a QueryError (HTTP 400) naming it."""

from __future__ import annotations

from starlette.requests import Request

from nutgraf.errors import QueryError


def text(request: Request, name: str, default: str | None = None) -> str | None:
    value = request.query_params.get(name)
    return value.strip() if value and value.strip() else default


def integer(request: Request, name: str, default: int, low: int = 0, high: int = 10_000) -> int:
    raw = text(request, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise QueryError(f"{name} must be between {low} and {high}")
    return value


def number(request: Request, name: str) -> float | None:
    raw = text(request, name)
    if raw is None:
        return None
    try:
        return float(raw.replace("_", "").replace(",", ""))
    except ValueError:
        raise QueryError(f"{name} must be a number, not {raw!r}") from None


def choice(request: Request, name: str, choices: tuple[str, ...], default: str) -> str:
    value = text(request, name, default)
    if value not in choices:
        raise QueryError(f"{name} must be one of {', '.join(choices)}")
    return value


def several(request: Request, name: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    """Every value given for a repeatable parameter (?type=a&type=b), each one of `choices`."""
    values = [value.strip() for value in request.query_params.getlist(name) if value.strip()]
    for value in values:
        if value not in choices:
            raise QueryError(f"{name} must be one of {', '.join(choices)}")
    return tuple(dict.fromkeys(values))


MAX_FILTERS = 50


def filters(request: Request) -> tuple[str, ...]:
    """The `filter` parameters (each a query ANDed with `q` as a whole), in order, deduplicated."""
    found = [value.strip() for value in request.query_params.getlist("filter") if value.strip()]
    if len(found) > MAX_FILTERS:
        raise QueryError(f"at most {MAX_FILTERS} filter parameters")
    return tuple(dict.fromkeys(found))
