"""Admin change lists that filter by their own list filters and nothing else.

Django's admin turns every unknown query parameter of a change list into a queryset lookup
on the model's own fields: `?digest__startswith=c0` finds a token's digest a character at a
time, `?password__regex=…` a password hash, `?digest__regex=(` or `?created_at__year=
99999999999` end in a 500. Admins of models that hold a digest, a hash or an address use
this mixin: a parameter that is not one of the list filters' (or the date hierarchy's, with
a real date part) is refused with a 400 (`DisallowedModelAdminLookup`). It lives here, in the
app every other app may import, so that any admin can use it.
"""

from django.contrib.admin import SimpleListFilter, widgets
from django.contrib.admin.utils import get_fields_from_path

# The date hierarchy's parameters and the values a real date can have in them.
_DATE_PARTS = {"year": range(1, 10_000), "month": range(1, 13), "day": range(1, 32)}


class ListFilterLookupsOnlyMixin:
    """`lookup_allowed` that allows only what `list_filter` and `date_hierarchy` send."""

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        if self._is_limit_choices_to_lookup(lookup, value):
            return True  # a related-object popup's own filter, as Django allows it
        if self.date_hierarchy and lookup.startswith(f"{self.date_hierarchy}__"):
            part = lookup.removeprefix(f"{self.date_hierarchy}__")
            return (
                part in _DATE_PARTS
                and value.isascii()
                and value.isdigit()
                and (int(value) in _DATE_PARTS[part])
            )
        return lookup in self._list_filter_lookups(request)

    def _list_filter_lookups(self, request) -> set[str]:
        """The parameters Django's list filters read: `<path>__exact` and `<path>__isnull`,
        `<path>__<target field>__exact` for a relation, a simple filter's `parameter_name`."""
        allowed = set()
        list_filter = self.get_list_filter(request) if request is not None else self.list_filter
        for item in list_filter:
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                allowed.add(item.parameter_name)
                continue
            path = item[0] if isinstance(item, (list, tuple)) else item
            field = get_fields_from_path(self.model, path)[-1]
            allowed.add(f"{path}__isnull")
            if field.is_relation:
                allowed.add(f"{path}__{field.target_field.name}__exact")
            else:
                allowed.add(f"{path}__exact")
        return allowed

    def _is_limit_choices_to_lookup(self, lookup, value) -> bool:
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in widgets.url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False
