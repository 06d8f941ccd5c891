"""Records in and out, streamed: CSV or JSON Lines, one ``Record`` at a time, and a writer that can resume.

Reading (``read_records``): a CSV file (header line; comma, semicolon or tab,
whichever the header uses most; BOM, CRLF and quoted multi-line cells allowed)
or JSON Lines (one object per line; chosen by the suffix .jsonl/.ndjson/.json
or a first character ``{``). Nothing is read ahead: a file of 10⁶ records
costs the memory of one. Each record keeps every input column, under its own
name unless ``columns`` renames it (``{"answer": "Response"}``: the file's
column Response is the record's field answer). A record's ``number`` counts
records from 1, header and blank lines excluded, so a cell spanning three lines
does not shift the numbers after it; ``line`` is where it starts in the file.

What is wrong with the *file* (missing, not UTF-8, NUL bytes, no header, a
column asked for but absent, a broken quote) is a ``UserError`` naming the
file, line and record. What is wrong with *one record* (a line that is not a
JSON object, a row with more cells than the header) is a ``UserError`` too, or
with ``problems="record"`` that record's ``problem``: grading goes on and the
record is graded "invalid" (what ``check --batch`` does).

Writing (``RecordWriter``): each output record is ``record``, ``row`` (its
line), every input column, then the result's fields, as one JSON line or one
CSV row; an input column whose name is also a result field is kept as
``input_<name>``. ``resume_point`` finds how many complete records an
interrupted output holds and cuts off a partial last one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator, Mapping, Sequence

from tutor.errors import UserError

__all__ = ["Record", "RecordReader", "read_records", "RecordWriter", "output_fields", "resume_point", "output_format"]

# Suffixes read as JSON Lines; any other file is CSV unless it starts with "{".
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
# Delimiters a CSV header may use; the one it contains most wins (a one-column file: comma).
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
# Bytes looked at to tell JSON Lines from CSV and to sniff the delimiter.
SNIFF_BYTES = 64 * 1024


# Python's csv messages for a broken quote, said as what the author of the file did.
_CSV_ERRORS = {
    "unexpected end of data": "a quote is opened and never closed",
    "expected after '\"'": "a quoted cell has text after its closing quote (a quote opened earlier and never "
                           "closed?)",
}


@dataclass(frozen=True)
class Record:
    """One input record: its 1-based number (header and blank lines excluded) and its fields."""

    number: int
    fields: dict[str, Any]  # str for CSV; JSON values as given for JSON Lines
    line: int = 0  # the file's line where the record starts
    problem: str | None = None  # why the record could not be read ("file:line:col: ..."), or None

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)


def _file_error(path: Path, message: str, *, line: int | None = None, record: int | None = None,
                hint: str | None = None, column: int = 1) -> UserError:
    where = f"{path}:{line}:{column}" if line is not None else str(path)
    if record is not None:
        message = f"{message} (record {record})"
    return UserError(message, location=where, hint=hint)


def _open_binary(path: Path) -> IO[bytes]:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a folder, FIFO or device (/dev/zero) would fail or never end
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise UserError(f"cannot read {path}: it is {what}", hint="give the path of a CSV or JSON Lines file")
        return open(path, "rb")  # noqa: SIM115 — closed by the reader when iteration ends
    except FileNotFoundError:
        raise UserError(f"no such file: {path}", hint="give the path of a CSV or JSON Lines file") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}", hint="check the path and its permissions") from None


def _sniff_delimiter(header: str) -> str:
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to the earlier (comma first)
    return best if counts[best] else ","


class RecordReader:
    """An iterator of ``Record``s over one file; the file is checked and its header read on construction.

    ``columns`` either renames, ``{"answer": "Response"}`` (the column Response
    is read as the field answer; matched ignoring case and surrounding spaces),
    or is a list of names that must exist, like ``required`` (a ``UserError``
    listing the columns otherwise). ``problems``: "raise" (a ``UserError`` for a
    bad record) or "record" (the record comes with its ``problem`` set).
    ``bytes_read`` / ``size`` tell how far the reading has got (for a progress bar).
    """

    def __init__(self, path: Path | str, columns: Mapping[str, str] | Sequence[str] | None = None,
                 required: Sequence[str] = (), problems: str = "raise") -> None:
        self.path = Path(path)
        if columns is not None and not isinstance(columns, Mapping):
            required, columns = (*columns, *required), None
        self.renames = dict(columns or {})
        self.required = tuple(required)
        self.raise_problems = problems == "raise"
        self.bytes_read = 0
        self._file = _open_binary(self.path)
        try:
            self.size = os.fstat(self._file.fileno()).st_size
            head = self._file.read(SNIFF_BYTES)
            self._file.seek(0)
            if head.startswith(b"\xef\xbb\xbf"):
                head = head[3:]
            self.format = "jsonl" if (self.path.suffix.lower() in JSONL_SUFFIXES or head.lstrip().startswith(b"{")) else "csv"
            self._lines = self._decoded_lines()
            self.columns: list[str] | None = None  # the output names of the columns (CSV: from the header)
            self.delimiter = ","
            if self.format == "csv":
                self._read_header()
            self._check_renames_jsonl()
        except BaseException:
            self._file.close()
            raise

    # ------------------------------------------------------------------ lines

    def _decoded_lines(self) -> Iterator[tuple[int, str]]:
        """(line number, text with its line end) for every physical line; refuses non-UTF-8 and NUL bytes."""
        first = True
        for number, raw in enumerate(self._file, 1):
            self.bytes_read += len(raw)
            if first and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            first = False
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _file_error(self.path, f"the file is not UTF-8 text (byte {exc.start + 1} of this line)",
                                  line=number, hint="save it as UTF-8 CSV or JSON Lines") from None
            if "\0" in text:  # binary data, or a file saved as UTF-16
                raise _file_error(self.path, "the file contains NUL bytes, so it is not a text file",
                                  line=number, hint="save it as UTF-8 CSV or JSON Lines")
            yield number, text

    # ------------------------------------------------------------------ CSV

    def _read_header(self) -> None:
        for number, text in self._lines:
            if text.strip():
                break
        else:
            raise _file_error(self.path, "the file is empty", line=1, hint="the first line names the columns")
        self.delimiter = _sniff_delimiter(text)
        try:
            header = next(csv.reader([text], delimiter=self.delimiter))
        except csv.Error as exc:
            raise _file_error(self.path, f"not CSV: {exc}", line=number, hint="the first line names the columns") from None
        names = [h.strip() for h in header]
        self._header_line = number
        self.columns = self._rename(names, number)

    def _rename(self, names: list[str], line: int) -> list[str]:
        """The header's names after ``columns`` and ``required`` (case-insensitive), or a UserError."""
        by_lower: dict[str, int] = {}
        for index, name in enumerate(names):
            if not name:
                names[index] = name = f"column{index + 1}"
            if name.lower() in by_lower:
                raise _file_error(self.path, f"two columns are named {name!r}", line=line,
                                  hint="give every column its own name in the header")
            by_lower[name.lower()] = index
        out = list(names)
        shown = ", ".join(names)
        for wanted, source in self.renames.items():
            column = by_lower.get(source.strip().lower())
            if column is None:
                raise _file_error(self.path, f"no column {source!r} to read as {wanted!r} (the columns are: {shown})",
                                  line=line, hint="--column NAME=COLUMN names a column of the header")
            out[column] = wanted
        lowered = {n.lower(): i for i, n in enumerate(out)}
        for wanted in self.required:
            if wanted in out:
                continue
            column = lowered.get(wanted.lower())
            if column is None:
                raise _file_error(self.path, f"no column {wanted!r} (the columns are: {shown})",
                                  line=line, hint=f"add it to the header, or say which column holds it: --column {wanted}=COLUMN")
            out[column] = wanted
        return out

    def _csv_records(self) -> Iterator[Record]:
        assert self.columns is not None
        columns, width = self.columns, len(self.columns)
        start = self._header_line
        lines = self._lines
        state = {"line": start}

        def texts() -> Iterator[str]:
            for number, text in lines:
                state["line"] = number
                yield text

        # strict: a quote never closed, or text after a closing quote, is an error, not a cell that
        # silently swallows the records after it (every later answer on the wrong student)
        reader = csv.reader(texts(), delimiter=self.delimiter, strict=True)
        number = 0
        while True:
            first_line = state["line"] + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # a field over csv's size limit, a broken quote
                reached = "" if state["line"] <= first_line else f"; it runs on to line {state['line']}"
                why = _CSV_ERRORS.get(str(exc).split(" ", 1)[-1] if "expected after" in str(exc) else str(exc), f"not CSV: {exc}")
                raise _file_error(self.path, f"{why}{reached}", line=first_line, record=number + 1,
                                  hint="quote cells that contain the delimiter, a quote or a line break, "
                                       "and double a quote inside a quoted cell") from None
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line is not a record
            number += 1
            problem = None
            if len(row) > width:
                message = f"record {number} has {len(row)} cells but the header has {width}"
                hint = f"a cell with a {DELIMITER_NAMES[self.delimiter]} or a line break in it must be in double quotes"
                if self.raise_problems:
                    raise UserError(message, location=f"{self.path}:{first_line}:1", hint=hint)
                problem = f"{self.path}:{first_line}:1: {message} ({hint})"
            fields = dict(zip(columns, row))
            for name in columns[len(row):]:
                fields[name] = ""
            yield Record(number, fields, first_line, problem)

    # ------------------------------------------------------------------ JSON Lines

    def _check_renames_jsonl(self) -> None:
        if self.format == "jsonl":
            self._lower_renames = {source.strip().lower(): wanted for wanted, source in self.renames.items()}

    def _jsonl_records(self) -> Iterator[Record]:
        name = self.path
        renames = self._lower_renames
        required_lower = {w.lower(): w for w in self.required}
        number = 0
        for line, text in self._lines:
            if not text.strip():
                continue
            number += 1
            problem, column = None, 1
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                problem, column = f"record {number} is not JSON: {exc.msg}", exc.colno
            except RecursionError:  # [[[[… nested deeper than the JSON decoder's stack
                problem = f"record {number} is not JSON: nested too deeply"
            else:
                if not isinstance(data, dict):
                    problem = f"record {number} is not a JSON object"
            if problem is not None:
                hint = 'one JSON object per line: {"answer": …, "of": …}'
                if self.raise_problems:
                    raise UserError(problem, location=f"{name}:{line}:{column}", hint=hint)
                yield Record(number, {}, line, f"{name}:{line}:{column}: {problem} ({hint})")
                continue
            if renames or required_lower:
                fields = {}
                for key, value in data.items():
                    lower = str(key).strip().lower()
                    fields[renames.get(lower) or required_lower.get(lower) or key] = value
                data = fields
            if number == 1:
                missing = [w for w in self.required if w not in data]
                if missing:
                    raise _file_error(self.path, f"no field {missing[0]!r} in the first record (its fields are: "
                                      f"{', '.join(map(str, data))})", line=line, record=number,
                                      hint=f"say which field holds it: --column {missing[0]}=FIELD")
            yield Record(number, data, line, None)

    # ------------------------------------------------------------------ iteration

    def __iter__(self) -> Iterator[Record]:
        try:
            yield from (self._csv_records() if self.format == "csv" else self._jsonl_records())
        finally:
            self._file.close()

    def close(self) -> None:
        self._file.close()


def read_records(path: Path | str, columns: Mapping[str, str] | Sequence[str] | None = None,
                 required: Sequence[str] = (), problems: str = "raise") -> RecordReader:
    """The records of a CSV or JSON Lines file, read lazily (see ``RecordReader``)."""
    return RecordReader(path, columns, required, problems)


# ---------------------------------------------------------------------- writing


def output_fields(record: Record, result: Mapping[str, Any]) -> dict[str, Any]:
    """``record``, ``row``, the input columns (``input_<name>`` where a result field has the name), the result."""
    out: dict[str, Any] = {"record": record.number, "row": record.line}
    for name, value in record.fields.items():
        key = f"input_{name}" if (name in result or name in ("record", "row")) else name
        out[key] = value
    out.update(result)
    return out


def output_format(path: Path | str | None) -> str:
    """"csv" for a .csv output file, else "jsonl" (also for stdout)."""
    return "csv" if path is not None and Path(path).suffix.lower() == ".csv" else "jsonl"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass
class RecordWriter:
    """Writes ``output_fields`` of each (record, result) as JSON Lines or CSV to an open text stream.

    CSV columns are fixed by the first record written (or ``columns``, when
    resuming a file whose header is already there); fields a later record
    has beyond them are left out — JSON Lines keeps everything.
    """

    stream: IO[str]
    format: str = "jsonl"
    columns: list[str] | None = None
    header_written: bool = False
    _csv: Any = field(default=None, repr=False)

    def write(self, record: Record, result: Mapping[str, Any]) -> None:
        data = output_fields(record, result)
        if self.format == "jsonl":
            self.stream.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
            return
        if self._csv is None:
            self._csv = csv.writer(self.stream, lineterminator="\n")
        if self.columns is None:
            self.columns = list(data)
        if not self.header_written:
            self._csv.writerow(self.columns)
            self.header_written = True
        self._csv.writerow([_cell(data.get(name)) for name in self.columns])

    def flush(self) -> None:
        self.stream.flush()


def _last_json_record(tail: bytes) -> int | None:
    try:
        value = json.loads(tail.decode("utf-8")).get("record")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def resume_point(path: Path | str) -> tuple[int, list[str] | None]:
    """(complete records in an output file, its CSV header or None); a partial last record is cut off.

    A record is complete when its line end was written (for CSV: a line end
    outside quotes; quotes inside cells are doubled, so their count is even at
    the end of a record). The file is truncated right after the last complete
    record, so appending continues it exactly. A missing or empty file is 0 records.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return 0, None
    kind = output_format(path)
    count, quotes, offset = 0, 0, 0
    complete_end = 0  # byte offset after the last complete record (or the header)
    last_start = 0  # where the last complete record starts
    header: list[str] | None = None
    header_bytes = b""
    with open(path, "rb") as stream:
        for raw in stream:
            offset += len(raw)
            if kind == "csv":
                quotes += raw.count(b'"')
                if header is None:
                    header_bytes += raw
            if not raw.endswith(b"\n") or quotes % 2:
                continue  # a partial line, or a line end inside a quoted cell
            if kind == "csv" and header is None:
                header = next(csv.reader([header_bytes.decode("utf-8", "replace")]), [])
            else:
                count += 1
                last_start = complete_end
            complete_end = offset
    if count:
        with open(path, "rb") as stream:
            stream.seek(last_start)
            tail = stream.read(complete_end - last_start)
        number = _last_json_record(tail) if kind == "jsonl" else _last_csv_record(tail, header or [])
        if number != count:
            raise UserError(
                f"cannot resume {path}: its last complete record is numbered {number}, but it holds {count} records",
                location=path.name,
                hint="--resume continues an output this command wrote; give a new --out file or leave out --resume",
            )
    if complete_end < offset:
        with open(path, "r+b") as stream:
            stream.truncate(complete_end)
    return count, header


def _last_csv_record(tail: bytes, header: list[str]) -> int | None:
    try:
        row = next(csv.reader(io.StringIO(tail.decode("utf-8"), newline="")))
        return int(row[header.index("record")])
    except (ValueError, IndexError, UnicodeDecodeError, csv.Error, StopIteration):
        return None
