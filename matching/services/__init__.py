"""Use cases: the only layer that sees both the ORM and the engine. Services never commit."""
