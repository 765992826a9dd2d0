class ExplainedError(Exception):
    """A refusal with a ``code`` to act on and a translated ``message`` to show the person as it is.
    Subclasses list their codes and texts in ``MESSAGES``."""

    MESSAGES: dict = {}

    def __init__(self, code: str) -> None:
        if code not in self.MESSAGES:
            raise ValueError(f"{type(self).__name__} has no message for {code!r}")
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code])
