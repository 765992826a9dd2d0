"""Glue from the events app's records to consultation services (events never imports this app)."""


def on_registration_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """A registration saved as cancelled frees its consultation slot, in the same transaction."""
    if raw or instance.state != instance.State.CANCELLED:
        return
    from consultations.services import cancel_bookings_of

    cancel_bookings_of(registration=instance)
