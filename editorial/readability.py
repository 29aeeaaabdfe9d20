"""
Readability scores of text, one formula per language.

A formula reads three counts of a text (sentences, words, syllables) and
gives a score on Flesch's scale, 0 (very difficult) to 100 (very easy).
Syllables are counted from the hyphenation patterns of the language (Pyphen,
the dictionaries of LibreOffice), which needs no download at run time; they
split a word where a reader hears a syllable, and count one too few in a few
words such as "area", so a score leans a little to the easy side.

A language is one `Formula` in `FORMULAS`: English has Flesch's reading ease,
Dutch Douma's adaptation of it.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen
from django.utils.translation import gettext_lazy as _

# Words: letters, with apostrophes and hyphens inside; numbers are not words here.
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# The end of a sentence: . ! ? or … with closing quotes or brackets, then a
# space and a capital, a digit or an opening quote.
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")

# Flesch's own bands, from the top of the scale down.
BANDS = [
    (90, _("very easy")),
    (80, _("easy")),
    (70, _("fairly easy")),
    (60, _("plain")),
    (50, _("fairly difficult")),
    (30, _("difficult")),
    (-1000, _("very difficult")),
]


def sentences(text):
    """The sentences of one block of text (a paragraph, a list item)."""
    return [part for part in SENTENCE_END.split(text.strip()) if WORD.search(part)]


def words(text):
    return WORD.findall(text)


@dataclass(frozen=True)
class Formula:
    name: str
    hyphenation: str  # Pyphen's dictionary
    base: float
    per_word_in_sentence: float  # times the average words per sentence
    per_syllable_in_word: float  # times the average syllables per word

    def rule(self):
        # With a minus sign and a multiplication sign, as the formula is written.
        return _(
            "%(base)s \u2212 %(sentence)s \u00d7 words per sentence "
            "\u2212 %(word)s \u00d7 syllables per word"
        ) % {
            "base": self.base,
            "sentence": self.per_word_in_sentence,
            "word": self.per_syllable_in_word,
        }

    def syllables(self, word):
        return len(dictionary(self.hyphenation).positions(word.lower())) + 1

    def score(self, blocks):
        """The score of the text in `blocks` (its paragraphs and list items)."""
        found = [sentence for block in blocks for sentence in sentences(block)]
        counted = [word for sentence in found for word in words(sentence)]
        if not counted:
            return None
        syllables = sum(self.syllables(word) for word in counted)
        return round(
            self.base
            - self.per_word_in_sentence * len(counted) / len(found)
            - self.per_syllable_in_word * syllables / len(counted)
        )


@lru_cache
def dictionary(name):
    return pyphen.Pyphen(lang=name)


FORMULAS = {
    # Flesch (1948): 206.835 - 1.015 * words per sentence - 84.6 * syllables per word.
    "en": Formula("Flesch reading ease", "en_GB", 206.835, 1.015, 84.6),
    # Douma (1960), Flesch's formula for Dutch: 206.835 - 0.93 * ... - 77 * ...
    "nl": Formula("Flesch–Douma", "nl_NL", 206.835, 0.93, 77),
}


def band(score):
    """Flesch's word for a score: "very easy" (90 and up) to "very difficult" (below 30)."""
    return next(label for floor, label in BANDS if score >= floor)


def formula_for(language):
    """The formula for a language code ("en", "en-gb", "nl"), or None when there is none."""
    return FORMULAS.get((language or "").split("-")[0].lower())
