"""API v2.3: `/filters/create` and `/filters/{filters}`."""

from .base import V2Api
from .errors import BadParameter
from .filters import FilterError, filter_create, filter_parse
from .params import boolean, string_vector
from .shapes import FilterShape


class FilterCreateApi(V2Api):
    """`GET /filters/create?base=…&include=…&exclude=…&unsafe=…`: a new filter string,
    valid on every machine and after restarts (it describes itself)."""

    item_type = "filter"
    parameters = {
        "base": "The filter to start from (default `default`).",
        "include": "Fields to add, `;`-separated: `question.body;answer.comments;.total`.",
        "exclude": "Fields to remove, `;`-separated.",
        "unsafe": "`true`: strings are not HTML-escaped.",
    }

    def get(self, request):
        params = self.params()
        lists = {}
        for name in ("include", "exclude"):
            lists[name] = string_vector(name, params[name]) if params.get(name) else []
        unsafe = boolean("unsafe", params["unsafe"]) if params.get("unsafe") else False
        try:
            created = filter_create(base=params.get("base"), unsafe=unsafe, **lists)
        except FilterError as error:
            parameter = "base" if "build on" in str(error) else "include"
            raise BadParameter(parameter, str(error)) from None
        return self.wrap([FilterShape.render(created, self.context())])


class FilterDetailApi(V2Api):
    """`GET /filters/{filters}`: what each of up to 20 filters (`;`-separated) includes."""

    item_type = "filter"

    def get(self, request, filters: str):
        names = string_vector("filters", filters)
        if len(names) > 20:
            raise BadParameter("filters", "at most 20 filters.")
        described = []
        for name in names:
            try:
                described.append(filter_parse(name))
            except FilterError as error:
                raise BadParameter("filters", str(error)) from None
        ctx = self.context()
        return self.wrap([FilterShape.render(flt, ctx) for flt in described])
