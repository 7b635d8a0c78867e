"""Who is calling: the actor, password hashing and bearer tokens. No web or ORM imports."""
