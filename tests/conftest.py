"""Shared fixtures: a fresh ledger per test, on SQLite always and on PostgreSQL when
``RELIEFCTL_TEST_PG_URL`` is set (each test then gets its own schema in that database).

``cli(...)`` runs the real ``reliefctl`` entry point in-process and returns its exit code,
stdout and stderr; ``run_process(...)`` runs it as a separate process for the tests that need
real concurrency or signals.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_URL_ENV = "RELIEFCTL_TEST_PG_URL"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


CliRunner = Callable[..., Result]


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_URL_ENV} (see .ci/run)")
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield _pg_schema_url(base, schema)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A ledger location (not yet initialised) on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "ledger.sqlite")


def _make_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str
) -> CliRunner:
    from reliefctl.cli.app import main

    monkeypatch.setenv("RELIEFCTL_DB", url)
    monkeypatch.setenv("RELIEFCTL_OPERATOR", "tester")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("RELIEFCTL_LANG", raising=False)

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        else:  # pragma: no cover - main always raises SystemExit
            code = 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    empty_template: Path,
) -> CliRunner:
    """Run reliefctl on a fresh, initialised ledger (each backend). On SQLite the ledger is a
    copy of one made by ``init`` once per session (``tests/test_schema.py`` tests ``init``)."""
    run = _make_cli(monkeypatch, capsys, db_url)
    if db_url.startswith("postgresql"):
        result = run("init")
        assert result.code == 0, result.err
    else:
        shutil.copyfile(empty_template, db_url)
    return run


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger fresh from ``reliefctl init``, made once per session, for tests to copy."""
    from .ledgers import build_template

    return build_template(tmp_path_factory, "empty", lambda run: None)


@pytest.fixture
def sqlite_cli(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sqlite_url: str,
    empty_template: Path,
) -> CliRunner:
    """Like ``cli`` but SQLite only (file-level behaviour: permissions, WAL, corruption)."""
    run = _make_cli(monkeypatch, capsys, sqlite_url)
    shutil.copyfile(empty_template, sqlite_url)
    return run


@pytest.fixture
def bare_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> CliRunner:
    """reliefctl pointed at a SQLite path where no ledger exists yet."""
    return _make_cli(monkeypatch, capsys, sqlite_url)


def run_process(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m reliefctl ARGS`` as a separate process."""
    full_env = {**os.environ, "RELIEFCTL_OPERATOR": "tester", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "reliefctl", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
    )


def domain_setup(cli: CliRunner) -> None:
    """Master data of the DOMAIN.md operation (Shunyi district federation, 2020-21)."""
    for town in (
        "区卫健委",
        "高丽营镇",
        "南法信镇",
        "胜利街道",
        "仁和镇",
        "北石槽镇",
        "北小营镇",
        "南彩镇",
        "空港街道",
    ):
        assert cli("township", "add", town).code == 0
    assert cli("unit", "add", "幸福东区", "--township", "胜利街道").code == 0
    assert cli("unit", "add", "西辛南区", "--township", "胜利街道").code == 0
    for item, unit in (
        ("暖身贴", "个"),
        ("水饺", "袋"),
        ("汤圆", "袋"),
        ("酸奶", "桶"),
        ("面包", "袋"),
    ):
        assert cli("item", "add", item, "--unit", unit).code == 0
    assert cli("fund", "add", "防疫专项资金", "--budget", "200万").code == 0


def domain_operation(cli: CliRunner) -> None:
    """Replay the DOMAIN.md operation through the CLI, with prices we chose.

    Purchases: 235,000 暖身贴 at 0.125 元 (29,375.00); 54,660 水饺 at 12.50; 36,440 汤圆 at
    10.80; 2,362 酸奶 at 35.00; 4,724 面包 at 8.50. Batch 1 (2020-12-28) and batch 2
    (2020-12-29) of warming patches, batch 3 (2020-12-31) of New Year food for quarantined
    households, and the 100,000 元 grant to the health commission on 2021-01-05.
    """
    domain_setup(cli)
    fund = ("--fund", "防疫专项资金")
    buys = [
        ("2020-12-27", "暖身贴", "23.5万", "0.125", "顺义某劳保用品公司"),
        ("2020-12-30", "水饺", "54660", "12.50", "某食品公司"),
        ("2020-12-30", "汤圆", "36440", "10.80", "某食品公司"),
        ("2020-12-30", "酸奶", "2362", "35", "某乳业公司"),
        ("2020-12-30", "面包", "4724", "8.5", "某食品公司"),
    ]
    for day, item, qty, price, supplier in buys:
        result = cli(
            "buy",
            "--date",
            day,
            "--item",
            item,
            "--qty",
            qty,
            "--unit-price",
            price,
            "--supplier",
            supplier,
            *fund,
        )
        assert result.code == 0, result.err
    batch1 = [
        ("区卫健委", 40000, 4000),
        ("高丽营镇", 30000, 3000),
        ("南法信镇", 25000, 2500),
        ("胜利街道", 25000, 2500),
    ]
    for n, (place, qty, people) in enumerate(batch1, start=1):
        result = cli(
            "ship",
            "--date",
            "2020-12-28",
            "--batch",
            "1",
            "--to",
            place,
            "--item",
            f"暖身贴={qty}",
            "--people",
            str(people),
            "--group",
            "一线防疫人员",
            "--ref",
            f"DN-1-{n}",
        )
        assert result.code == 0, result.err
    batch2 = [
        ("仁和镇", 25000, 2500),
        ("北石槽镇", 25000, 2500),
        ("北小营镇", 20000, 2000),
        ("南彩镇", 25000, 2500),
        ("幸福东区", 20000, 2000),
    ]
    for n, (place, qty, people) in enumerate(batch2, start=1):
        result = cli(
            "ship",
            "--date",
            "2020/12/29",
            "--batch",
            "2",
            "--to",
            place,
            "--item",
            f"暖身贴={qty}",
            "--people",
            str(people),
            "--group",
            "一线防疫人员",
            "--ref",
            f"DN-2-{n}",
        )
        assert result.code == 0, result.err
    batch3 = [
        ("高丽营镇", ["水饺=27330", "汤圆=18220", "酸奶=1181", "面包=2362"], 30000),
        ("空港街道", ["水饺=17330", "汤圆=11220", "酸奶=781", "面包=1562"], 20000),
        ("西辛南区", ["水饺=10000", "汤圆=7000", "酸奶=400", "面包=800"], 12000),
    ]
    for n, (place, items, people) in enumerate(batch3, start=1):
        args = [
            "ship",
            "--date",
            "2020年12月31日",
            "--batch",
            "3",
            "--to",
            place,
            "--people",
            str(people),
            "--group",
            "隔离职工群众",
            "--ref",
            f"DN-3-{n}",
        ]
        for spec in items:
            args += ["--item", spec]
        result = cli(*args)
        assert result.code == 0, result.err
    result = cli(
        "grant",
        "--date",
        "2021-01-05",
        "--to",
        "区卫健委",
        "--amount",
        "10万",
        *fund,
        "--people",
        "1200",
        "--group",
        "一线医护人员",
        "--purpose",
        "慰问参与防疫的一线医护人员及保障人员",
        "--ref",
        "GR-2021-001",
    )
    assert result.code == 0, result.err


#: What ``stock_operation`` records on top of the DOMAIN.md operation, one command per tuple.
STOCK_OPERATION: tuple[tuple[str, ...], ...] = (
    ("location", "add", "第3工会服务站", "--township", "高丽营镇"),
    ("location", "add", "第7工会服务站", "--township", "南法信镇"),
    (
        "buy",
        "--date",
        "2021-01-06",
        "--item",
        "酸奶",
        "--qty",
        "500",
        "--unit-price",
        "35",
        "--ref",
        "PO-006",
    ),
    (
        "buy",
        "--date",
        "2021-01-06",
        "--item",
        "面包",
        "--qty",
        "1000",
        "--unit-price",
        "8.5",
        "--ref",
        "PO-007",
    ),
    (
        "transfer",
        "--date",
        "2021-01-06",
        "--from",
        "仓库",
        "--to",
        "第3工会服务站",
        "--item",
        "酸奶=200",
        "--item",
        "面包=400",
        "--ref",
        "TR-1",
    ),
    (
        "transfer",
        "--date",
        "2021-01-06",
        "--from",
        "仓库",
        "--to",
        "第7工会服务站",
        "--item",
        "酸奶=100",
        "--ref",
        "TR-2",
    ),
    (
        "receive",
        "--date",
        "2021-01-06",
        "--item",
        "面包",
        "--qty",
        "300",
        "--source",
        "捐赠",
        "--giver",
        "某爱心企业",
        "--value",
        "2400",
        "--at",
        "第7工会服务站",
        "--ref",
        "RC-1",
    ),
    (
        "writeoff",
        "--date",
        "2021-01-07",
        "--at",
        "第3工会服务站",
        "--item",
        "酸奶=12",
        "--reason",
        "过期",
        "--note",
        "变质酸奶",
        "--ref",
        "WO-1",
    ),
    (
        "ship",
        "--date",
        "2021-01-07",
        "--batch",
        "4",
        "--to",
        "高丽营镇",
        "--from",
        "第3工会服务站",
        "--item",
        "酸奶=150",
        "--item",
        "面包=300",
        "--people",
        "450",
        "--ref",
        "DN-4-1",
    ),
    (
        "receive",
        "--date",
        "2021-01-07",
        "--item",
        "酸奶",
        "--qty",
        "10",
        "--source",
        "退回",
        "--of",
        "S-000013",
        "--at",
        "第3工会服务站",
        "--ref",
        "RT-1",
    ),
    (
        "count",
        "--date",
        "2021-01-08",
        "--at",
        "第3工会服务站",
        "--item",
        "酸奶=45",
        "--item",
        "面包=100",
        "--ref",
        "CT-1",
    ),
)


def stock_operation(cli: CliRunner) -> list[str]:
    """The DOMAIN.md operation, then issue 12's movements: two stations (第3 and 第7工会服务站),
    a purchase of yogurt and bread into the warehouse, a transfer to each station, a donation
    of bread at 第7, spoiled yogurt written off at 第3, a delivery from 第3 (S-000013) and a
    return from it, and a count at 第3 that finds 3 yogurt short (books 48, counted 45).
    Returns each command's confirmation."""
    domain_operation(cli)
    said = []
    for command in STOCK_OPERATION:
        result = cli(*command)
        assert result.code == 0, (command, result.err)
        said.append(result.out.strip())
    return said


@pytest.fixture(scope="session")
def domain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DOMAIN.md operation (``domain_operation``), recorded once per session into SQLite."""
    from .ledgers import build_template

    return build_template(tmp_path_factory, "domain", domain_operation)


@pytest.fixture
def domain_cli(cli: CliRunner, db_url: str, domain_template: Path) -> CliRunner:
    """``cli`` on a ledger holding the DOMAIN.md operation: on SQLite a copy of the session's
    template (milliseconds), on PostgreSQL the operation replayed through the CLI."""
    if db_url.startswith("postgresql"):
        domain_operation(cli)
    else:
        shutil.copyfile(domain_template, db_url)
    return cli


@pytest.fixture
def domain_sqlite(sqlite_cli: CliRunner, sqlite_url: str, domain_template: Path) -> CliRunner:
    """Like ``domain_cli``, SQLite only."""
    shutil.copyfile(domain_template, sqlite_url)
    return sqlite_cli


@pytest.fixture(scope="session")
def audited_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DOMAIN.md operation plus voids (``tests/ledgers.audited_operation``), recorded once
    per session into a SQLite file."""
    from .ledgers import audited_operation, build_template

    return build_template(tmp_path_factory, "audited", audited_operation)


@pytest.fixture
def audited_sqlite(
    sqlite_url: str,
    audited_template: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> CliRunner:
    """reliefctl on a copy of the audited template (SQLite): a full ledger in milliseconds."""
    shutil.copyfile(audited_template, sqlite_url)
    return _make_cli(monkeypatch, capsys, sqlite_url)
