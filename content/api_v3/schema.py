"""OpenAPI details of the content API (drf-spectacular)."""

from drf_spectacular.openapi import AutoSchema


class ContentAutoSchema(AutoSchema):
    """Tells list endpoints apart from detail endpoints in operation ids.

    drf-spectacular recognises a list by a `many=True` response; ours are `Paginated…`
    envelopes (or bare arrays), so `GET /questions` and `GET /questions/{questionId}`
    would both be `…_retrieve`. Views with `list_operation = True` get `…_list`.
    """

    def get_operation_id(self):
        operation_id = super().get_operation_id()
        if self.method == "GET" and getattr(self.view, "list_operation", False):
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id
