"""What the participants app tells other apps."""

from django.dispatch import Signal

# Sent inside the erasure's transaction, once the account is anonymised: ``user`` (the anonymised account) and
# ``email`` (the address it had). Apps that keep the person's name or address elsewhere erase them here.
account_erased = Signal()
