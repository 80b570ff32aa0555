"""Serializers of API v3, one module per resource."""
