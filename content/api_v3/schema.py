"""OpenAPI details of the content API (drf-spectacular)."""

from drf_spectacular.openapi import AutoSchema


class ContentAutoSchema(AutoSchema):
    """Tells list endpoints apart from detail endpoints in operation ids, and lists the
    fields a serializer leaves out as optional.

    drf-spectacular recognises a list by a `many=True` response; ours are `Paginated…`
    envelopes (or bare arrays), so `GET /questions` and `GET /questions/{questionId}`
    would both be `…_retrieve`. Views with `list_operation = True` get `…_list`.

    drf-spectacular marks every read-only field `required`; a serializer that drops some
    fields when they have no value names them in `omitted_when_none`, and those are taken
    out of `required` (schemathesis's response-schema check holds us to it).
    """

    def get_operation_id(self):
        operation_id = super().get_operation_id()
        if self.method == "GET" and getattr(self.view, "list_operation", False):
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        omitted = getattr(serializer, "omitted_when_none", ())
        if omitted and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in omitted]
            if not schema["required"]:
                del schema["required"]
        return schema
