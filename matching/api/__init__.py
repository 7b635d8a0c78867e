"""HTTP API: app factory, dependencies, routes per resource, error mapping."""
