"""The staff side of the kiosk: the staff panel and the screen-rendering heartbeat.

Import from ``ui.staff.panel`` and ``ui.staff.heartbeat``.
"""
