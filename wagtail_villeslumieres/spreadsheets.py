"""The one neutralisation of spreadsheet formulas, for every CSV the package writes;
and the one reading of the CSV and XLSX files editors upload (``read_table``).

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

import csv
import unicodedata
import zipfile

import openpyxl
from django.utils.translation import gettext as _

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


# ---------------------------------------------------------------------------
# Reading: the rows of a CSV or XLSX file an editor uploads
# ---------------------------------------------------------------------------

#: The largest file read (a spreadsheet of sessions is a few kilobytes).
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table (its message is for the editor)."""


def read_table(uploaded, max_rows):
    """The rows of an uploaded ``.csv`` or ``.xlsx`` file: a list of lists of cell values.

    CSV: UTF-8 (with or without a byte order mark) or Windows-1252, as spreadsheets
    save it; comma, semicolon or tab separated. XLSX: the first sheet, the values
    of formulas as last computed. Blank rows at the end are dropped; more than
    ``max_rows`` rows (the heading included) is an error. Raises ``SpreadsheetError``.
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    if getattr(uploaded, "size", 0) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("The file is too large: a table of sessions is much smaller."))
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(uploaded)
    elif name.endswith(".csv"):
        rows = _csv_rows(uploaded)
    else:
        raise SpreadsheetError(_("Choose a CSV or XLSX file (.csv or .xlsx)."))
    table = [list(row) for row in rows]
    # Blank rows inside the table are kept (rows keep their number in the file);
    # those after the last filled row are not rows of the table.
    while table and all(value in (None, "") for value in table[-1]):
        table.pop()
    if len(table) > max_rows:
        raise SpreadsheetError(
            _("The file has more than %(count)s rows: split it in several files.")
            % {"count": max_rows - 1}
        )
    return table


def _csv_rows(uploaded):
    raw = uploaded.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly every byte
        raise SpreadsheetError(_("The file could not be read: save it as CSV (UTF-8)."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return list(csv.reader(text.splitlines(), delimiter=delimiter))


def _xlsx_rows(uploaded):
    try:
        workbook = openpyxl.load_workbook(uploaded, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(_("The file could not be read as an XLSX spreadsheet.")) from error
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
