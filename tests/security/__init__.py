"""Security tests: what a caller can read, infer, replay or race past."""
