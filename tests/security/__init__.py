"""Security tests: sign-in throttling, password policy, token revocation."""
