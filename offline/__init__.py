"""Local storage: SQLAlchemy models, Alembic migrations, the durable outbox, encryption at rest."""
