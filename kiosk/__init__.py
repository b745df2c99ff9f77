"""The kiosk's domain: journeys, validation, sessions, references and settings (pure Python)."""

__version__ = "0.1.0"
