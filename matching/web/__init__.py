"""The clerk's workbench in the browser (server-rendered, Chinese first)."""

from matching.web.app import mount_workbench

__all__ = ["mount_workbench"]
