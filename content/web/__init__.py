"""The content's web face: pages and files for people's browsers (session login)."""
