"""Two faults of modelsearch's SQLite full-text queries, mended:

- A double quote in the text ended the FTS5 string the words are wrapped in ("unterminated string", a 500 for
  ``?q="``; wagtail/wagtail#13227). Inside an FTS5 string a quote is written twice.
- A search limited to some fields (a viewset's ``search_fields``) named them as columns of the full-text table, which
  has only title, body and autocomplete ("no such column: name", wagtail/wagtail#10217). That index keeps a record's
  fields together, so the record's whole entry is searched.

And one of their speed: knowing nothing of the tables' contents, SQLite's planner walked every index entry of the
model and ran the full-text query once for each (90 ms instead of under 1 ms for 2,000 events). A search for words not
ordered by relevance (the public listings) now asks the full-text table first; a ranked one needs the join and keeps
it."""

from modelsearch.backends.base import BaseSearchBackend
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks


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
    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if self.order_by_relevance or score_field is not None or isinstance(query, (MatchAll, Not)):
            return super().search(config, start, stop, score_field=score_field)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        matching_objects = IndexEntry.objects.filter(
            pk__in=SQLiteFTSIndexEntry.objects.filter(match).values("pk"),
            content_type__in=get_descendants_content_types_pks(self.queryset.model),
        ).values("object_id")
        queryset = self.queryset.filter(pk__in=matching_objects)
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # pages stay stable (wagtail/wagtail#3729), as in the ranked search
        return queryset[start:stop]


class AutocompleteQueryCompiler(QuotedTextMixin, SQLiteAutocompleteQueryCompiler):
    pass


def mend(backend: BaseSearchBackend) -> None:
    """Gives the SQLite full-text backend (not the fallback used without FTS5) the mended query compilers."""
    if isinstance(backend, SQLiteSearchBackend):
        backend.query_compiler_class = SearchQueryCompiler
        backend.autocomplete_query_compiler_class = AutocompleteQueryCompiler
