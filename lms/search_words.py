"""Search that understands the language. People type a word as they think of it ("pracodawca",
"роботодавець"), not as a title inflects it ("pracodawców", "роботодавців"), and often without Polish letters.

Pages index their words as they stand and in their dictionary form (simplemma: Polish and English for words in
Latin letters, Ukrainian and Russian for Cyrillic ones), lower-cased and without diacritics (``search_terms``).
A search is turned into the same forms, and each of its words must match in one of them (``search_query``).
Both sides are plain words, so SQLite's and PostgreSQL's full-text indexes find the same pages.

simplemma keeps each language's dictionary in memory once loaded (the Polish one takes about 1.5 s and 0.6 GB),
so the first search or indexing in a process loads them and later ones only look words up."""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import simplemma
from modelsearch.query import And, Or, PlainText, SearchQuery

_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN_SCRIPT_LANGUAGES = ("pl", "en")
CYRILLIC_SCRIPT_LANGUAGES = ("uk", "ru")

SEARCH_TERMS_FIELD = "search_terms"

# Letters NFKD does not split into a base letter and a mark.
_WITHOUT_MARKS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})


def without_diacritics(text: str) -> str:
    """"Składki pracownika z Ukrainy" -> "Skladki pracownika z Ukrainy": Polish as it is typed on a keyboard without
    Polish letters, which is how many of the service's users search."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_WITHOUT_MARKS))
    return "".join(character for character in decomposed if not unicodedata.combining(character))


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> tuple[str, ...]:
    """"Pracodawców" -> ("pracodawcow", "pracodawca"): the word and its dictionary forms in the languages of its
    script, lower-cased and without diacritics. A word the dictionaries do not know stands for itself only."""
    lowered = word.lower()
    languages = CYRILLIC_SCRIPT_LANGUAGES if _CYRILLIC.search(lowered) else LATIN_SCRIPT_LANGUAGES
    forms = [lowered, *(simplemma.lemmatize(lowered, lang=language) for language in languages)]
    return tuple(dict.fromkeys(without_diacritics(form).lower() for form in forms))


def words(text: str) -> list[str]:
    """The words of ``text``, each once; punctuation and full-text syntax (quotes, ``*``, ``OR``'s operators) drop
    out, so any text can be searched."""
    return list(dict.fromkeys(_WORD.findall(text)))


def search_terms(texts: Iterable[str]) -> str:
    """What a page indexes besides its own texts: every form of every word of ``texts``."""
    terms = dict.fromkeys(form for text in texts if text for word in words(text) for form in word_forms(word))
    return " ".join(terms)


def search_query(text: str) -> SearchQuery | None:
    """The search for what a visitor typed: each word in one of its forms. None when nothing in it is a word."""
    typed = words(text)
    if not typed:
        return None
    return And([Or([PlainText(form) for form in word_forms(word)]) for word in typed])


class SearchTermsMixin:
    """For pages that index ``search_terms`` (add ``index.SearchField(SEARCH_TERMS_FIELD)`` to ``search_fields``):
    the model says which of its texts are searched."""

    def search_texts(self) -> list[str]:
        raise NotImplementedError

    def search_terms(self) -> str:
        return search_terms(self.search_texts())
