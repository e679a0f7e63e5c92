"""``reliefctl publish``: the 公示 page. Its figures are the report's, it discloses nothing
personal, it fetches nothing, it is replaced atomically, and a real browser (Chromium,
headless; marked ``office``, skipped with the reason where absent) prints the totals."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reliefctl.money import format_fen
from reliefctl.render.html import CSP, bar_chart
from reliefctl.reports.report import MONEY_FIGURES, TOTAL_FIGURES

from .conftest import CliRunner, stock_operation

REASON = "录入重复 <script>x</script> & 重录"


@pytest.fixture
def ledger_cli(domain_sqlite: CliRunner) -> CliRunner:
    cli = domain_sqlite
    assert cli("config", "set", "tz", "Asia/Shanghai").code == 0
    assert cli("void", "S-000004", "--reason", REASON).code == 0
    return cli


def _publish(cli: CliRunner, folder: Path, *args: str) -> str:
    result = cli("publish", "--out-dir", str(folder), *args)
    assert result.code == 0, result.err
    assert result.out == "" and result.err == ""  # quiet on success
    return (folder / "index.html").read_text(encoding="utf-8")


def _shown(figure: str, value: int | str | None) -> str:
    if value is None:
        return "—"  # unique persons without any list of recipients (issue 16)
    if figure in MONEY_FIGURES:
        return format_fen(round(float(str(value)) * 100), thousands=True)
    return f"{int(value):,}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_holds_the_reports_figures_and_the_corrections(
    ledger_cli: CliRunner, tmp_path: Path, lang: str
) -> None:
    page = _publish(ledger_cli, tmp_path, "--lang", lang)
    report = json.loads(ledger_cli("report", "--format", "json").out)
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in page
    cells = re.findall(r"<td class=num>([^<]*)</td>", page)
    for figure in TOTAL_FIGURES:
        assert _shown(figure, report["totals"][figure]) in cells, figure
    for row in report["by_township"]:
        assert f'<th scope="row">{row["township"]}</th>' in page
        assert _shown("spend", row["spend"]) in cells
    # The corrections: the void, what it voided, its date, amount and reason (escaped).
    assert "V-000001" in page and "S-000004" in page and "2020-12-28" in page
    assert "录入重复 &lt;script&gt;x&lt;/script&gt; &amp; 重录" in page
    assert "3,125.00" in page
    # Allocations with their date (undated here) and funds.
    assert "防疫专项资金" in page and "2,000,000.00" in page
    # How to check it: the head, and the verify line, which passes.
    head = re.search(r"reliefctl verify --head ([A-Z]-\d+):([0-9a-f]{64})", page)
    assert head is not None
    assert ledger_cli("verify", "--head", f"{head.group(1)}:{head.group(2)}").code == 0
    assert "Asia/Shanghai (UTC+08:00)" in page
    assert page.count("<svg") == 4 and '<th scope="col"' in page


def test_nothing_personal_and_nothing_fetched(ledger_cli: CliRunner, tmp_path: Path) -> None:
    cli = ledger_cli
    assert (
        cli(
            "grant",
            "--date",
            "2021-01-06",
            "--to",
            "南彩镇",
            "--amount",
            "500",
            "--note",
            "张三 13800000000",
            "--purpose",
            "困难户李四",
        ).code
        == 0
    )
    page = _publish(cli, tmp_path)
    for private in ("tester", "张三", "13800000000", "李四", "顺义某劳保用品公司", "某食品公司"):
        assert private not in page, private
    assert "<script" not in page.lower()
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert "default-src 'none'" in CSP
    for value in re.findall(r"""(?:src|href|action|xlink:href)\s*=\s*["']?([^"'\s>]*)""", page):
        assert not re.match(r"(?i)(https?:|//|ftp:|file:)", value), value
    assert not re.search(r"(?i)url\(|@import|https?://", page)


def test_a_period_and_an_empty_ledger(ledger_cli: CliRunner, tmp_path: Path) -> None:
    page = _publish(ledger_cli, tmp_path, "--since", "2021-01-01", "--until", "2021-01-31")
    assert "2021-01-01" in page and "2021-01-31" in page
    assert "S-000004" not in page  # the voided shipment is dated 2020-12-28
    assert "No entry of this period was corrected." in page


def test_the_page_is_replaced_but_no_other_file_is(ledger_cli: CliRunner, tmp_path: Path) -> None:
    site = tmp_path / "public"
    site.mkdir()
    first = _publish(ledger_cli, site)
    assert ledger_cli("grant", "--date", "2021-01-06", "--to", "南彩镇", "--amount", "1").code == 0
    second = _publish(ledger_cli, site)
    assert first != second and "100,001.00" in second
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    other = tmp_path / "site"
    other.mkdir()
    (other / "index.html").write_text("<p>ours</p>", encoding="utf-8")
    result = ledger_cli("publish", "--out-dir", str(other))
    assert result.code == 4 and "was not written by reliefctl publish" in result.err
    assert (other / "index.html").read_text(encoding="utf-8") == "<p>ours</p>"


def test_bars_keep_the_order_given_and_escape_names() -> None:
    svg = bar_chart("t <x>", [("b<", 5), ("a", 10), ("c", 0)], money=False)
    assert svg.index("b&lt;") < svg.index(">a<") < svg.index(">c<")
    assert "<x>" not in svg


def test_void_help_says_the_reason_is_published(ledger_cli: CliRunner) -> None:
    result = ledger_cli("void", "--help")
    assert "published" in " ".join(result.out.split())


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.office
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chromium_prints_the_page_with_the_reports_totals(
    ledger_cli: CliRunner, tmp_path: Path, lang: str
) -> None:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed: apt-get install chromium")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed: apt-get install poppler-utils")
    site = tmp_path / "site"
    site.mkdir()
    _publish(ledger_cli, site, "--lang", lang)
    pdf = tmp_path / "page.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            (site / "index.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    report = json.loads(ledger_cli("report", "--format", "json").out)
    for figure in TOTAL_FIGURES:
        assert _shown(figure, report["totals"][figure]) in text, figure
    assert "reliefctl verify --head" in text


def _received_rows(page: str) -> list[list[str]]:
    """The rows of the "goods received in kind" table: each row's cells, tags removed."""
    section = page.split("<h2>Goods received in kind</h2>")[-1].split("</section>")[0]
    if "<h2>受赠及下拨物资</h2>" in page:
        section = page.split("<h2>受赠及下拨物资</h2>")[-1].split("</section>")[0]
    body = section.split("<tbody>")[-1].split("</tbody>")[0]
    return [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in re.findall(r"<tr>.*?</tr>", body)
    ]


def test_goods_received_in_kind_with_their_source_and_never_the_giver(
    sqlite_cli: CliRunner, tmp_path: Path
) -> None:
    cli = sqlite_cli
    stock_operation(cli)  # RC-1: 300 面包 donated by 某爱心企业 (2,400.00); a return of 10 酸奶
    for ref, giver in (("RC-2", "王五"), ("RC-3", "区总工会")):
        received = cli(
            *("receive", "--date", "2021-01-08", "--item", "酸奶", "--qty", "20"),
            *("--source", "下拨" if ref == "RC-3" else "捐赠", "--giver", giver),
            *("--value", "160", "--ref", ref),
        )
        assert received.code == 0, received.err
    voided = re.findall(r"\bR-\d{6}\b", cli("log", "--kind", "R").out)
    assert cli("void", voided[-2], "--reason", "重复登记").code == 0  # RC-2 (王五) is voided
    for folder in ("en", "zh", "period"):
        (tmp_path / folder).mkdir()
    page = _publish(cli, tmp_path / "en", "--lang", "en")
    assert _received_rows(page) == [
        ["2021-01-06", "面包", "300 袋", "2,400.00", "donation"],
        ["2021-01-08", "酸奶", "20 桶", "160.00", "allotted"],
    ]
    foot = page.split("<h2>Goods received in kind</h2>")[1].split("<tfoot>")[1]
    assert foot.startswith('<tr><th scope="row">total</th>') and "2,560.00" in foot
    for private in ("某爱心企业", "王五", "区总工会"):
        assert private not in page, private
    zh = _publish(cli, tmp_path / "zh", "--lang", "zh")
    assert [row[4] for row in _received_rows(zh)] == ["捐赠", "下拨"]
    quiet = _publish(cli, tmp_path / "period", "--until", "2020-12-31")
    assert "No goods were received in kind in this period." in quiet
