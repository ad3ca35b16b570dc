"""The counter client: login, the workspace by role, the idle lock."""
