"""Limits of the MCP endpoint, apart from the server so that the view can be imported
without the MCP SDK (which takes most of a second to import)."""

MAX_REQUEST_BYTES = 1024 * 1024  # a body is at most 30,000 characters; JSON escapes grow it
