from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeReport(models.Model):
    """No table: the owner of the right to see the programme report (figures over every event, with the employers
    and schools that sent people), which a group is given like any other right."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_programme_report", _("Can view the programme report"))]
        verbose_name = _("programme report")
