from .accounts import Profile, User
from .audit import AuditEntry
from .mail import OutgoingMail
from .pages import HomePage, StandardPage
from .site_settings import SiteSettings

__all__ = ["AuditEntry", "HomePage", "OutgoingMail", "Profile", "SiteSettings", "StandardPage", "User"]
