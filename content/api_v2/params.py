"""Query parameters as API v2.3 documents them: paging, `{ids}` vectors, epoch dates,
`sort`/`order`/`min`/`max`, and what every method accepts and ignores (`site`, `key`).

Each parser raises `BadParameter` naming the parameter, which the v2.3 error handler turns
into a 400 `bad_parameter`. Values are read from the query string (reads) or the form body
(writes) alike.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from ..models import MAX_ID, TAG_NAME_MAX_LENGTH, TAG_NAME_MESSAGE, TAG_NAME_PATTERN
from .errors import BadParameter

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 100
MAX_PAGE = 2_147_483_647
MAX_VECTOR = 100
ORDERS = ("desc", "asc")
MAX_EPOCH = 253_402_300_799  # 9999-12-31T23:59:59Z

NOT_AN_INTEGER = "must be an integer."
PAGE_MESSAGE = f"must be between 1 and {MAX_PAGE}."
PAGE_SIZE_MESSAGE = f"must be between 0 and {MAX_PAGE_SIZE}."
VECTOR_TOO_LONG = f"at most {MAX_VECTOR} values, separated by ';'."
VECTOR_EMPTY = "at least one value is required."
VECTOR_ID_MESSAGE = "each value must be a positive integer id."
DATE_MESSAGE = "must be a date in Unix epoch seconds."
ORDER_MESSAGE = "must be desc or asc."
BOOLEAN_MESSAGE = "must be true or false."


TAG_SEPARATORS = r"[\s;,]+"


def tag_names(name: str, value: str | None) -> list[str]:
    """A post's `tags` as v2.3 writes take them: names separated by spaces, `;` or `,`
    (empty when none: the service says how many a post needs). Each name is checked
    against the tag rule of the models (`TAG_NAME_PATTERN`)."""
    names = [part for part in re.split(TAG_SEPARATORS, value or "") if part]
    for tag in names:
        if len(tag) > TAG_NAME_MAX_LENGTH or not re.match(TAG_NAME_PATTERN, tag):
            raise BadParameter(name, TAG_NAME_MESSAGE)
    return names


def sort_message(sorts) -> str:
    return "must be one of " + ", ".join(sorts) + "."


def _integer(name: str, value: str) -> int:
    try:
        if not re.fullmatch(r"[+-]?[0-9]+", value.strip()):  # int() takes any script's digits
            raise ValueError(value)
        return int(value.strip())
    except (TypeError, ValueError):
        raise BadParameter(name, NOT_AN_INTEGER) from None


def id_vector(name: str, value: str) -> list[int]:
    """`1;2;3`: up to 100 positive ids, in the order given, duplicates once."""
    parts = [part for part in (value or "").split(";") if part.strip()]
    if not parts:
        raise BadParameter(name, VECTOR_EMPTY)
    if len(parts) > MAX_VECTOR:
        raise BadParameter(name, VECTOR_TOO_LONG)
    ids = []
    for part in parts:
        if not re.fullmatch(r"\s*\d{1,19}\s*", part) or not 0 < int(part) <= MAX_ID:
            raise BadParameter(name, VECTOR_ID_MESSAGE)
        ids.append(int(part))
    return list(dict.fromkeys(ids))


def string_vector(name: str, value: str) -> list[str]:
    """`python;django`: up to 100 non-empty strings, in the order given."""
    parts = [part.strip() for part in (value or "").split(";") if part.strip()]
    if not parts:
        raise BadParameter(name, VECTOR_EMPTY)
    if len(parts) > MAX_VECTOR:
        raise BadParameter(name, VECTOR_TOO_LONG)
    return list(dict.fromkeys(parts))


def epoch(name: str, value: str) -> datetime:
    seconds = _integer(name, value)
    if not 0 <= seconds <= MAX_EPOCH:
        raise BadParameter(name, DATE_MESSAGE)
    return datetime.fromtimestamp(seconds, tz=UTC)


def boolean(name: str, value: str) -> bool:
    lowered = (value or "").strip().lower()
    if lowered not in ("true", "false"):
        raise BadParameter(name, BOOLEAN_MESSAGE)
    return lowered == "true"


@dataclass(frozen=True)
class Paging:
    page: int
    page_size: int


def paging(params) -> Paging:
    """`page` ≥ 1 (default 1), `pagesize` 0 to 100 (default 30)."""
    page = _integer("page", params["page"]) if params.get("page") else 1
    if not 1 <= page <= MAX_PAGE:
        raise BadParameter("page", PAGE_MESSAGE)
    size = params.get("pagesize")
    page_size = _integer("pagesize", size) if size not in (None, "") else DEFAULT_PAGE_SIZE
    if not 0 <= page_size <= MAX_PAGE_SIZE:
        raise BadParameter("pagesize", PAGE_SIZE_MESSAGE)
    return Paging(page=page, page_size=page_size)


@dataclass(frozen=True)
class Sorting:
    """`sort`, `order`, and `min`/`max` on the sort's own values (epoch dates for date sorts,
    integers for `votes`), `fromdate`/`todate` on the creation date."""

    sort: str
    order: str
    min: object = None
    max: object = None
    from_date: datetime | None = None
    to_date: datetime | None = None


def sorting(params, *, sorts: dict[str, str], default: str) -> Sorting:
    """Parse the sort parameters of a method whose sorts are `sorts` (name → kind:
    `date`, `int` or `str`, saying how `min` and `max` are read)."""
    sort = params.get("sort") or default
    if sort not in sorts:
        raise BadParameter("sort", sort_message(sorts))
    order = params.get("order") or "desc"
    if order not in ORDERS:
        raise BadParameter("order", ORDER_MESSAGE)
    kind = sorts[sort]
    bounds = {}
    for name in ("min", "max"):
        value = params.get(name)
        if value in (None, ""):
            continue
        if kind == "date":
            bounds[name] = epoch(name, value)
        elif kind == "int":
            bounds[name] = _integer(name, value)
        else:
            bounds[name] = value
    dates = {}
    for name, key in (("fromdate", "from_date"), ("todate", "to_date")):
        if params.get(name) not in (None, ""):
            dates[key] = epoch(name, params[name])
    return Sorting(sort=sort, order=order, **bounds, **dates)
