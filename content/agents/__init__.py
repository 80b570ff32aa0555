"""The MCP face: the team's knowledge as Model Context Protocol tools for AI agents.

One more face over the content core, like API v3, API v2.3 and the web pages: `POST /mcp`
(`views.py`) goes through the API's gate (the same personal access tokens, team, plan,
scope and rate limits), then the official MCP Python SDK speaks the protocol
(`server.py`), and each tool (`tools.py`) calls one selector or service and translates its
rows into plain JSON (`shapes.py`), with the `webUrl` of every post so that agents cite.

Not named `mcp`: that is the SDK's package.
"""
