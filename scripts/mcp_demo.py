"""An AI agent's session with Teamstack's MCP server, through the official `mcp` client.

    make run   # in another terminal: the demo site on http://127.0.0.1:8000
    TOKEN=$(.venv/bin/python manage.py pat create --user alice --team business-team \\
        --description "MCP demo" --write --expires-in-days 7)
    TEAMSTACK_TOKEN=$TOKEN .venv/bin/python scripts/mcp_demo.py [--url http://127.0.0.1:8000]

It lists the tools, searches for a seeded question, reads it with its answers, posts an
answer (write tokens only) and reads that answer back through API v3 with the same token.
"""

import argparse
import asyncio
import json
import os
import sys

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client


async def session(url: str, token: str, query: str, answer: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx2.AsyncClient(headers=headers, timeout=30) as http:
        async with Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client:
            print(f"connected: protocol {client.session.protocol_version}")
            tools = (await client.list_tools()).tools
            print(f"tools ({len(tools)}): {', '.join(tool.name for tool in tools)}")

            found = (await client.call_tool("search", {"query": query})).structured_content
            print(f"\nsearch {query!r}: {found['totalCount']} result(s)")
            for item in found["items"]:
                print(f"  [{item['type']} {item['id']}] {item['title']}\n    {item['webUrl']}")
            if not found["items"]:
                sys.exit("nothing found: is the demo data loaded (make run)?")

            question_id = next(i["id"] for i in found["items"] if i["type"] == "question")
            read = await client.call_tool("get_question", {"questionId": question_id})
            question = read.structured_content
            print(f"\nget_question {question_id}: {question['title']!r}")
            for item in question["answers"]:
                mark = "accepted" if item["isAccepted"] else f"score {item['score']}"
                print(f"  answer {item['id']} by {item['author']['name']} ({mark})")
                print(f"    {item['webUrl']}")

            if "create_answer" not in {tool.name for tool in tools}:
                print("\nread-only token: no write tools, no answer posted")
                return
            posted = await client.call_tool(
                "create_answer", {"questionId": question_id, "body": answer}
            )
            if posted.is_error:
                sys.exit(f"create_answer failed: {posted.content[0].text}")
            new = posted.structured_content
            print(f"\ncreate_answer: answer {new['id']} at {new['webUrl']}")

        api = await http.get(f"{url}/api/v3/questions/{question_id}/answers/{new['id']}")
        shown = api.json()
        print(f"GET /api/v3/questions/{question_id}/answers/{new['id']}: {api.status_code}")
        print(json.dumps({k: shown[k] for k in ("id", "bodyMarkdown", "webUrl")}, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the Teamstack site")
    parser.add_argument("--query", default="call the API with a token", help="what to search")
    parser.add_argument(
        "--answer",
        default="Posted by an AI agent through Teamstack's MCP server.",
        help="the answer to post (write tokens only)",
    )
    args = parser.parse_args()
    token = os.environ.get("TEAMSTACK_TOKEN")
    if not token:
        sys.exit("set TEAMSTACK_TOKEN to a personal access token (see the docstring)")
    asyncio.run(session(args.url.rstrip("/"), token, args.query, args.answer))


if __name__ == "__main__":
    main()
