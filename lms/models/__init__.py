from .accounts import Profile, User
from .audit import AuditEntry
from .mail import OutgoingMail
from .outbox import PendingTask
from .pages import HomePage, StandardPage
from .site_settings import SiteSettings
from .workers import WorkerHeartbeat

__all__ = ["AuditEntry", "HomePage", "OutgoingMail", "PendingTask", "Profile", "SiteSettings", "StandardPage", "User", "WorkerHeartbeat"]
