from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Location(TranslatableMixin, index.Indexed, models.Model):
    """A place where in-person events happen, with what visitors with disabilities need to know."""

    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    room = models.CharField(_("room or floor"), max_length=100, blank=True)
    accessibility_notes = models.TextField(
        _("accessibility"), blank=True,
        help_text=_("Step-free access, lifts, accessible toilets, induction loop, parking, public transport."),
    )

    panels = [
        FieldPanel("name"), FieldPanel("street"), FieldPanel("postal_code"), FieldPanel("city"), FieldPanel("room"),
        FieldPanel("accessibility_notes"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("city"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    @property
    def address(self) -> str:
        parts = [self.street, f"{self.postal_code} {self.city}", self.room]
        return ", ".join(part for part in parts if part)
