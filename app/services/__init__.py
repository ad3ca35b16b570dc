"""Use cases. Each public function takes a Session and the acting user, checks permission,
does one unit of work and commits it (or raises a typed ``app.errors`` refusal)."""
