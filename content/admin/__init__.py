"""The Django admin of the content, one module per resource (each registers its models).

Staff moderate and look things up here; every change goes through the content services,
so counters, reputation and search documents stay what the API reports.
"""

from . import tags  # noqa: F401
