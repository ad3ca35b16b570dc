"""Use cases. Each public function takes a Session and the acting user, checks permission,
does its work in the caller's unit of work (``Database.scope``) and returns plain values, or
raises a typed ``app.errors`` refusal. No use case commits or rolls back: the caller does, so
several compose in one transaction. What a refusal must leave behind (a wrong password
counted) goes through ``app.db.keep_despite_rollback``."""
