"""Lists of plain records (the views' JSON objects) as CSV for Excel.

UTF-8 with a byte-order mark so Excel opens Chinese text correctly, one record per line, the
same keys and values as ``--format json`` (money already as ``120000.00``, no thousands
separators), an empty cell for a missing value. Text that Excel would take for a formula is
written as is: a CSV cell is data, and the xlsx export is where cells are typed.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Mapping, Sequence
from typing import Any

BOM = "\ufeff"


def write_records(
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    headings: Sequence[str] | None = None,
) -> None:
    out = sys.stdout
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns if headings is None else headings)
    for record in records:
        writer.writerow(["" if record.get(c) is None else record[c] for c in columns])
