"""Two faults of modelsearch's SQLite full-text queries, mended:

- A double quote in the text ended the FTS5 string the words are wrapped in ("unterminated string", a 500 for
  ``?q="``; wagtail/wagtail#13227). Inside an FTS5 string a quote is written twice.
- A search limited to some fields (a viewset's ``search_fields``) named them as columns of the full-text table, which
  has only title, body and autocomplete ("no such column: name", wagtail/wagtail#10217). That index keeps a record's
  fields together, so the record's whole entry is searched."""

from modelsearch.backends.base import BaseSearchBackend
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText


def fts5_string_content(text: str) -> str:
    """``text`` as it can stand between the double quotes of an FTS5 string."""
    return text.replace('"', '""')


class QuotedTextMixin:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(fts5_string_content(query.query_string), operator=query.operator, boost=query.boost)
        elif isinstance(query, Phrase):
            query = Phrase(fts5_string_content(query.query_string))
        return super().build_search_query_content(query, config=config)

    def check(self):
        super().check()  # the fields asked for must still be search fields of the model, as on PostgreSQL
        self.fields = None


class SearchQueryCompiler(QuotedTextMixin, SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(QuotedTextMixin, SQLiteAutocompleteQueryCompiler):
    pass


def mend(backend: BaseSearchBackend) -> None:
    """Gives the SQLite full-text backend (not the fallback used without FTS5) the mended query compilers."""
    if isinstance(backend, SQLiteSearchBackend):
        backend.query_compiler_class = SearchQueryCompiler
        backend.autocomplete_query_compiler_class = AutocompleteQueryCompiler
