"""Query functions: every SELECT the services need lives here, by aggregate."""
