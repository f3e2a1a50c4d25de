"""Real-world events: deciding when mentions in different articles report the same event."""
