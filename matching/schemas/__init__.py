"""Pydantic request/response models shared by the API, web pages and services."""
