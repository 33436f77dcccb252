"""The one neutralisation of spreadsheet formulas, for every CSV the package writes.

A spreadsheet opening a CSV reads a cell starting with ``=``, ``+``, ``-`` or ``@``
as a formula (``=HYPERLINK(...)`` sends the reader to any address, older ones ran
commands), and some strip a leading tab, carriage return or line feed, or leading
spaces, before deciding. Editors' text reaches these files (commitment titles,
services, hub names), so each text cell that could start a formula is prefixed
with an apostrophe, which every spreadsheet shows as text.

Used by the commitment export (``views/exports.py``) and, through
``NeutralisedCSVMixin``, by every admin view exporting with Wagtail's
``SpreadsheetExportMixin`` (the reports and snippet listings). XLSX cells need
nothing: Wagtail writes text cells as text, never as formulas.
"""

import unicodedata

#: The characters that start a formula once the cell's leading spaces are gone.
FORMULA_STARTS = frozenset("=+-@")
#: Characters that are a trigger at the very start of a cell, before any trimming.
CONTROL_STARTS = frozenset("\t\r\n")


def _is_blank(character):
    # Spaces of every kind (NBSP, thin, ideographic, ...) and invisible format
    # characters (zero-width space, byte order mark), which a reader may drop.
    return character.isspace() or unicodedata.category(character) in ("Zs", "Cf")


def starts_a_formula(text):
    """True when a spreadsheet could read ``text`` as a formula.

    The text is normalised (NFKC: the fullwidth ``＝ ＋ － ＠`` an editor can type
    become ``= + - @``) and its leading blanks skipped before the first character
    is tested.
    """
    if not text:
        return False
    if text[0] in CONTROL_STARTS:
        return True
    normalised = unicodedata.normalize("NFKC", text)
    for character in normalised:
        if not _is_blank(character):
            return character in FORMULA_STARTS
    return False


def neutralise_formula(value):
    """``value`` made safe to open in a spreadsheet: text that could start a formula
    is prefixed with an apostrophe; anything else (numbers, plain text) is unchanged."""
    if isinstance(value, str) and starts_a_formula(value):
        return "'" + value
    return value


class NeutralisedCSVMixin:
    """Neutralises every cell of a Wagtail ``SpreadsheetExportMixin`` view's CSV.

    Put it before the Wagtail view class: ``class X(NeutralisedCSVMixin, ReportView)``.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_formula(value)
        return value
