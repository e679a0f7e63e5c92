"""Issue 15: an export is the whole ledger; ``import --kind all`` replays it to the fen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import CliRunner, stock_operation


def _same(cli: CliRunner, other: Any) -> None:
    assert other("report", "--format", "json").out == cli("report", "--format", "json").out
    for view in ("stock", "funds"):
        assert other(view, "--format", "json").out == cli(view, "--format", "json").out


def test_an_export_replays_into_an_empty_ledger_to_the_fen(
    sqlite_cli: CliRunner, tmp_path: Path
) -> None:
    cli = sqlite_cli
    stock_operation(cli)
    # A purchase at another price between deliveries, then voided: values depend on the order.
    assert (
        cli("buy", "--date", "2020-12-28", "--item", "酸奶", "--qty", "7", "--total", "300.01").code
        == 0
    )
    assert cli("void", "S-000004", "--reason", "录入重复").code == 0
    assert (
        cli("fund", "topup", "防疫专项资金", "--amount", "1000", "--date", "2021-01-02").code == 0
    )
    exported = tmp_path / "relief.xlsx"
    assert cli("export", "--out", str(exported)).code == 0
    target = str(tmp_path / "copy.sqlite")
    assert cli("--db", target, "init").code == 0

    def other(*args: str) -> Any:
        return cli("--db", target, *args)

    dry = other("import", str(exported), "--kind", "all", "--dry-run")
    assert dry.code == 0, dry.err
    assert other("report", "--format", "json").out != cli("report", "--format", "json").out
    result = other("import", str(exported), "--kind", "all")
    assert result.code == 0, result.err
    assert "recording order" in result.out
    _same(cli, other)
    # Into a ledger that is no longer empty: the Manifest's totals differ, nothing written.
    again = other("import", str(exported), "--kind", "all")
    assert again.code == 1, again.out
    _same(cli, other)


def test_master_data_imports_alone_and_twice_changes_nothing(
    sqlite_cli: CliRunner, tmp_path: Path
) -> None:
    cli = sqlite_cli
    stock_operation(cli)
    exported = tmp_path / "relief.xlsx"
    assert cli("export", "--out", str(exported)).code == 0
    target = str(tmp_path / "copy.sqlite")
    assert cli("--db", target, "init").code == 0
    for kind in ("places", "items", "funds", "locations"):
        for _ in range(2):
            result = cli("--db", target, "import", str(exported), "--kind", kind)
            assert result.code == 0, (kind, result.err)
    for kind in ("township", "item", "location"):
        assert cli("--db", target, kind, "list").out == cli(kind, "list").out
    assert "防疫专项资金" in cli("--db", target, "fund", "list").out
