"""PySide6 widgets: the shell, screens, theme, on-screen keyboard and staff panel."""
