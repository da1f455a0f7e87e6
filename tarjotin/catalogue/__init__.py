"""Domain modules for the tray's catalogue; none of them knows about requests."""
