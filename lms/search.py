"""The search backend: Wagtail's database backend (modelsearch), with its SQLite full-text queries mended
(lms/search_sqlite.py) so that the listings and the admin's searches take any text people type. PostgreSQL and the
fallback backend are used as they are."""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_search_backend


def SearchBackend(params: dict):  # noqa: N802 (Wagtail looks the backend up by this name)
    backend = database_search_backend(params)
    if connection.vendor == "sqlite":
        # modelsearch's SQLite module can only be imported where its full-text table exists.
        from lms import search_sqlite

        search_sqlite.mend(backend)
    return backend
