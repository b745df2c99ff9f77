"""The staff side of the kiosk: the staff panel and the screen-rendering heartbeat."""

from ui.staff.heartbeat import RenderHeartbeat
from ui.staff.panel import StaffPanel

__all__ = ["RenderHeartbeat", "StaffPanel"]
