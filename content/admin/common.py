"""What the content admin modules share."""


def excerpt(text: str, length: int = 80) -> str:
    """The start of a Markdown body on one line, for a list column."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
