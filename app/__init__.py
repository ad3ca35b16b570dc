"""HallDesk core: models, services, database and configuration. Never imports Qt."""
