"""The API's JSON parser: DRF's, with a limit on how deeply a body may nest."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No API body nests more than a few levels (an object of lists of ids); 32 leaves room and
# stays far below the interpreter's recursion limit (~1000), which json and DRF would hit.
MAX_JSON_DEPTH = 32
NESTING_MESSAGE = f"JSON parse error - the body nests deeper than {MAX_JSON_DEPTH} levels."


class JSONParser(parsers.JSONParser):
    """Parse a JSON body, refusing one nested deeper than `MAX_JSON_DEPTH` (a 400 ParseError).

    Python's json module recurses once per level: `[[[[…]]]]` a thousand deep raises
    RecursionError (a 500) there, or in whatever walks the data next (validation, error
    rendering). The depth is measured without recursion, so any body gets its 400.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(NESTING_MESSAGE) from None
        if nests_deeper_than(data, MAX_JSON_DEPTH):
            raise ParseError(NESTING_MESSAGE)
        return data


def nests_deeper_than(data, limit: int) -> bool:
    """Whether `data` has more than `limit` levels of objects and arrays (iteratively)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
