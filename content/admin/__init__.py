"""The Django admin of the content, one module per resource (each registers its models).

Staff moderate and look things up here; every change goes through the content services,
so counters, reputation and search documents stay what the API reports.
"""

# Each module registers its models when imported.
from . import (
    answers,  # noqa: F401
    articles,  # noqa: F401
    collections,  # noqa: F401
    comments,  # noqa: F401
    flags,  # noqa: F401
    groups,  # noqa: F401
    images,  # noqa: F401
    questions,  # noqa: F401
    tags,  # noqa: F401
)
