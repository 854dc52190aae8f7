"""The API server's rules across fields, resolved against the types (see vocab.py)."""
