"""Invented persons with valid test 身份证号 for the recipients tests (issue 16)."""

from __future__ import annotations

import csv
from pathlib import Path

from reliefctl.ledger.persons import id_check_char

SURNAMES = "张王李赵刘陈杨黄周吴"
GIVEN = ("建国", "秀英", "明", "丽华", "小军", "桂兰", "志强", "玉梅")


def valid_id(n: int) -> str:
    """The n-th invented 身份证号 (region 110113, Shunyi): valid date and check digit."""
    base = f"110113{1960 + n % 40}{n % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    return base + id_check_char(base)


def name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]


def write_list(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    """A CSV list of recipients with these rows (columns: the first row's keys)."""
    heads = columns or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, heads)
        writer.writeheader()
        writer.writerows(rows)
    return path


def workers(path: Path, numbers: range | list[int], **extra: str) -> Path:
    """A list of invented workers (by number) with their 身份证号."""
    return write_list(path, [{"姓名": name(n), "身份证号": valid_id(n), **extra} for n in numbers])
