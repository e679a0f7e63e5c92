"""Kits (issue 13): ``kit add``/``kit list``, ``assemble`` (A-) and ``disassemble`` (D-).

Every rule and refusal on each backend (the ``cli`` fixture), and as properties: for any
prices and quantities an assembly's kits are worth exactly the components it consumed, and a
disassembly's parts sum to the kits' value, to the fen.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliefctl.db.schema import init_ledger, open_ledger
from reliefctl.db.url import LedgerLocation
from reliefctl.errors import OutOfStock
from reliefctl.ledger.checks import verify
from reliefctl.ledger.configure import record_initial
from reliefctl.ledger.posting import Poster, post
from reliefctl.ledger.requests import AssemblyRequest, PurchaseRequest, VoidRequest
from reliefctl.ledger.valuation import split_value
from reliefctl.reports.ledger_views import stock

from .conftest import CliRunner

RECIPE = ("--component", "桶面=2", "--component", "火腿=1", "--component", "榨菜=5")
DAY = ("--date", "2021-01-06")


def _stock(cli: CliRunner) -> dict[str, tuple[int, str]]:
    result = cli("stock", "--format", "json")
    assert result.code == 0, result.err
    return {row["item"]: (row["qty"], row["value"]) for row in json.loads(result.out)}


def _setup(cli: CliRunner) -> None:
    for item, unit in (("桶面", "桶"), ("火腿", "根"), ("榨菜", "袋"), ("大米", "袋")):
        assert cli("item", "add", item, "--unit", unit).code == 0
    for item, qty, price in (
        ("桶面", "1200", "3.5"),
        ("火腿", "600", "1.6667"),
        ("榨菜", "3000", "0.333"),
    ):
        result = cli("buy", *DAY, "--item", item, "--qty", qty, "--unit-price", price)
        assert result.code == 0, result.err
    assert cli("kit", "add", "食品礼包", "--unit", "份", *RECIPE).code == 0


# --- kit add and kit list -------------------------------------------------------------------------


def test_kit_add_records_the_kit_and_its_recipe(cli: CliRunner) -> None:
    _setup(cli)
    listed = json.loads(cli("kit", "list", "--format", "json").out)
    assert [(r["kit"], r["unit"], r["component"], r["qty"]) for r in listed] == [
        ("食品礼包", "份", "桶面", 2),
        ("食品礼包", "份", "火腿", 1),
        ("食品礼包", "份", "榨菜", 5),
    ]
    table = cli("kit", "list")
    assert "食品礼包" in table.out and "5 袋" in table.out
    # The kit is an item like any other.
    items = json.loads(cli("item", "list", "--format", "json").out)
    assert {"item": "食品礼包", "unit": "份", "packs": []} in items
    assert _stock(cli)["食品礼包"] == (0, "0.00")
    assert cli("verify").code == 0


def test_kit_add_again_with_the_same_recipe_changes_nothing(cli: CliRunner) -> None:
    _setup(cli)
    before = cli("log", "--format", "json").out
    again = cli("kit", "add", "食品礼包", "--unit", "份", *reversed_recipe())
    assert again.code == 0, again.err
    assert "already exists; nothing changed" in again.out
    assert cli("log", "--format", "json").out == before


def reversed_recipe() -> list[str]:
    pairs = [RECIPE[i : i + 2] for i in range(0, len(RECIPE), 2)]
    return [part for pair in reversed(pairs) for part in pair]


@pytest.mark.parametrize(
    "args",
    [
        ("--unit", "份", "--component", "桶面=3", "--component", "火腿=1", "--component", "榨菜=5"),
        ("--unit", "份", "--component", "桶面=2", "--component", "火腿=1"),
        ("--unit", "袋", *RECIPE),
        ("--unit", "份", *RECIPE, "--component", "大米=1"),
    ],
)
def test_a_changed_recipe_is_refused(cli: CliRunner, args: tuple[str, ...]) -> None:
    _setup(cli)
    result = cli("kit", "add", "食品礼包", *args)
    assert result.code == 1
    assert "a changed recipe is a new kit" in result.err
    assert "桶面 ×2, 火腿 ×1, 榨菜 ×5" in result.err


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("礼包二", "--unit", "份", "--component", "食品礼包=1"), 1, "is itself a kit"),
        (("礼包二", "--unit", "份", "--component", "桶面=1", "--component", "桶面=2"), 2, "twice"),
        (("礼包二", "--unit", "份", "--component", "礼包二=1"), 1, "its own components"),
        (("桶面", "--unit", "份", "--component", "火腿=1"), 1, "not a kit"),
        (("礼包二", "--unit", "份", "--component", "咖啡=1"), 1, "unknown item"),
        (("礼包二", "--unit", "份", "--component", "桶面=0"), 2, ""),
        (("礼包二", "--unit", "份", "--component", "桶面"), 2, ""),
        (("礼包二", "--unit", "份", "--component", "桶面=2箱"), 1, "counted in '桶'"),
    ],
)
def test_kit_add_refusals(cli: CliRunner, args: tuple[str, ...], code: int, said: str) -> None:
    _setup(cli)
    before = cli("log", "--format", "json").out
    result = cli("kit", "add", *args)
    assert result.code == code, result.err
    assert said in result.err
    assert cli("log", "--format", "json").out == before


def test_a_component_may_be_given_in_its_unit(cli: CliRunner) -> None:
    _setup(cli)
    result = cli("kit", "add", "米面礼包", "--unit", "份", "--component", "大米=2袋")
    assert result.code == 0, result.err
    assert "大米 ×2" in result.out


# --- assembly -------------------------------------------------------------------------------------


def test_assembly_consumes_components_and_values_kits_at_their_sum(cli: CliRunner) -> None:
    _setup(cli)
    before = _stock(cli)
    result = cli("assemble", "食品礼包=598", *DAY, "--json")
    assert result.code == 0, result.err
    shown = json.loads(result.out)
    assert shown["id"] == "A-000001" and shown["kind"] == "assembly" and shown["qty"] == 598
    parts = {line["item"]: (line["qty"], line["value"]) for line in shown["components"]}
    assert {item: qty for item, (qty, _value) in parts.items()} == {
        "桶面": 1196,
        "火腿": 598,
        "榨菜": 2990,
    }
    fen = sum(round(float(value) * 100) for _qty, value in parts.values())
    assert round(float(shown["value"]) * 100) == fen
    after = _stock(cli)
    assert after["食品礼包"] == (598, shown["value"])
    assert after["桶面"][0] == before["桶面"][0] - 1196
    total_before = sum(round(float(v) * 100) for _q, v in before.values())
    total_after = sum(round(float(v) * 100) for _q, v in after.values())
    assert total_before == total_after
    assert cli("verify").code == 0
    line = cli("assemble", "食品礼包=1", *DAY)
    assert line.code == 0 and line.out.startswith("A-000002 recorded: assembled 食品礼包 ×1 份")


def test_assembly_beyond_the_components_on_hand_is_refused(cli: CliRunner) -> None:
    _setup(cli)
    result = cli("assemble", "食品礼包=601", *DAY)
    assert result.code == 1
    assert "not enough 桶面 to assemble" in result.err and "cannot ship" not in result.err
    assert _stock(cli)["食品礼包"] == (0, "0.00")
    apart = cli("disassemble", "食品礼包=1", *DAY)
    assert apart.code == 1 and "cannot take 1 apart" in apart.err
    assert cli("log", "--kind", "assembly", "--format", "json").out.strip() == "[]"


def test_assembly_before_the_components_came_is_refused(cli: CliRunner) -> None:
    _setup(cli)
    result = cli("assemble", "食品礼包=1", "--date", "2021-01-05")
    assert result.code == 1 and "not enough" in result.err


def test_assembly_of_what_is_not_a_kit_is_refused(cli: CliRunner) -> None:
    _setup(cli)
    result = cli("assemble", "桶面=1", *DAY)
    assert result.code == 1 and "'桶面' is not a kit" in result.err
    result = cli("disassemble", "咖啡=1", *DAY)
    assert result.code == 1 and "unknown item" in result.err


def test_assembly_at_a_location_uses_the_stock_there(cli: CliRunner) -> None:
    _setup(cli)
    assert cli("location", "add", "第3工会服务站").code == 0
    moved = cli(
        "transfer", *DAY, "--from", "仓库", "--to", "第3工会服务站",
        "--item", "桶面=20", "--item", "火腿=10", "--item", "榨菜=50",
    )  # fmt: skip
    assert moved.code == 0, moved.err
    assert cli("assemble", "食品礼包=11", *DAY, "--at", "第3工会服务站").code == 1
    done = cli("assemble", "食品礼包=10", *DAY, "--at", "第3工会服务站")
    assert done.code == 0, done.err
    assert "at 第3工会服务站" in done.out
    at = json.loads(cli("stock", "--at", "第3工会服务站", "--format", "json").out)
    held = {row["item"]: row["qty"] for row in at}
    assert held["食品礼包"] == 10 and held["桶面"] == 0
    assert cli("verify").code == 0


def test_assembly_ref_is_idempotent(cli: CliRunner) -> None:
    _setup(cli)
    first = cli("assemble", "食品礼包=5", *DAY, "--ref", "ZP-1")
    assert first.code == 0
    again = cli("assemble", "食品礼包=5", *DAY, "--ref", "ZP-1")
    assert again.code == 0 and "already records ref 'ZP-1'" in again.out
    assert _stock(cli)["食品礼包"][0] == 5
    other = cli("assemble", "食品礼包=6", *DAY, "--ref", "ZP-1")
    assert other.code == 1 and "A-000001" in other.err
    # A ref is per kind: a disassembly may carry the same document number.
    assert cli("disassemble", "食品礼包=1", *DAY, "--ref", "ZP-1").code == 0


# --- disassembly ----------------------------------------------------------------------------------


def test_disassembly_splits_the_kits_value_by_cost_and_sums_to_the_fen(cli: CliRunner) -> None:
    _setup(cli)
    assert cli("assemble", "食品礼包=100", *DAY).code == 0
    kit_before = _stock(cli)["食品礼包"]
    result = cli("disassemble", "食品礼包=7", "--date", "2021-01-07", "--json")
    assert result.code == 0, result.err
    shown = json.loads(result.out)
    assert shown["id"] == "D-000001" and shown["kind"] == "disassembly"
    parts = [round(float(line["value"]) * 100) for line in shown["components"]]
    assert sum(parts) == round(float(shown["value"]) * 100)
    # The kit leaves at its average cost.
    kit_fen = round(float(kit_before[1]) * 100)
    assert round(float(shown["value"]) * 100) == (2 * kit_fen * 7 + 100) // 200
    assert [line["qty"] for line in shown["components"]] == [14, 7, 35]
    assert _stock(cli)["食品礼包"][0] == 93
    assert cli("verify").code == 0


def test_disassembly_beyond_the_kits_on_hand_is_refused(cli: CliRunner) -> None:
    _setup(cli)
    assert cli("assemble", "食品礼包=3", *DAY).code == 0
    result = cli("disassemble", "食品礼包=4", *DAY)
    assert result.code == 1 and "not enough 食品礼包" in result.err


def test_a_kit_received_whole_comes_apart_by_quantity_when_components_cost_nothing(
    cli: CliRunner,
) -> None:
    for item in ("手套", "口罩"):
        assert cli("item", "add", item, "--unit", "个").code == 0
    kit = ("kit", "add", "防护包", "--unit", "份", "--component", "手套=1", "--component", "口罩=3")
    assert cli(*kit).code == 0
    received = cli(
        "receive", *DAY, "--item", "防护包", "--qty", "10", "--source", "donation", "--value", "1",
    )  # fmt: skip
    assert received.code == 0, received.err
    shown = json.loads(cli("disassemble", "防护包=10", *DAY, "--json").out)
    # No component has a cost on hand: 1.00 元 split 1:3 by quantity (10 and 30).
    assert [(c["item"], c["qty"], c["value"]) for c in shown["components"]] == [
        ("手套", 10, "0.25"),
        ("口罩", 30, "0.75"),
    ]
    assert cli("verify").code == 0


# --- kits move like any item; voids ---------------------------------------------------------------


def test_kits_are_shipped_transferred_written_off_and_counted_like_items(cli: CliRunner) -> None:
    _setup(cli)
    assert cli("township", "add", "高丽营镇").code == 0
    assert cli("location", "add", "第3工会服务站").code == 0
    assert cli("assemble", "食品礼包=50", *DAY).code == 0
    ship = ("ship", *DAY, "--batch", "1", "--to", "高丽营镇", "--item", "食品礼包=20")
    assert cli(*ship, "--people", "20").code == 0
    moved = ("transfer", *DAY, "--from", "仓库", "--to", "第3工会服务站", "--item", "食品礼包=10")
    assert cli(*moved).code == 0
    assert cli("writeoff", *DAY, "--item", "食品礼包=1", "--reason", "damaged").code == 0
    assert cli("count", *DAY, "--item", "食品礼包=18").code == 0
    assert _stock(cli)["食品礼包"][0] == 28
    assert cli("verify").code == 0


def test_void_of_an_assembly_restores_stock_and_value_exactly(cli: CliRunner) -> None:
    _setup(cli)
    before = _stock(cli)
    assert cli("assemble", "食品礼包=77", *DAY).code == 0
    assert cli("disassemble", "食品礼包=5", *DAY).code == 0
    assert cli("void", "A-000001", "--reason", "x").code == 1  # its kits were taken apart
    assert cli("void", "D-000001", "--reason", "x").code == 0
    assert cli("void", "A-000001", "--reason", "x").code == 0
    assert _stock(cli) == before
    log = json.loads(cli("log", "--kind", "assembly", "--format", "json").out)
    assert log[0]["voided_by"] == "V-000002"
    assert cli("verify").code == 0


def test_void_of_an_assembly_whose_kits_were_delivered_is_refused(cli: CliRunner) -> None:
    _setup(cli)
    assert cli("township", "add", "高丽营镇").code == 0
    assert cli("assemble", "食品礼包=10", *DAY).code == 0
    given = ("receive", *DAY, "--item", "食品礼包", "--qty", "5", "--source", "donation")
    assert cli(*given, "--value", "50").code == 0
    ship = ("ship", *DAY, "--batch", "1", "--to", "高丽营镇", "--item", "食品礼包=2")
    assert cli(*ship).code == 0
    result = cli("void", "A-000001", "--reason", "x")
    # The delivery was valued with the average the assembly's value was mixed into.
    assert result.code == 1 and "S-000001" in result.err
    assert cli("void", "S-000001", "--reason", "x").code == 0
    assert cli("void", "A-000001", "--reason", "x").code == 0
    assert cli("verify").code == 0


def test_void_of_a_purchase_whose_goods_went_into_kits_is_refused(cli: CliRunner) -> None:
    _setup(cli)
    assert cli("assemble", "食品礼包=1", *DAY).code == 0
    more = cli("buy", *DAY, "--item", "桶面", "--qty", "10", "--total", "30")
    assert more.code == 0
    result = cli("void", "P-000001", "--reason", "x")
    assert result.code == 1 and "A-000001" in result.err


def test_the_log_describes_assemblies(cli: CliRunner) -> None:
    _setup(cli)
    assert cli("assemble", "食品礼包=2", *DAY).code == 0
    rows = json.loads(cli("log", "--item", "火腿", "--format", "json").out)
    assert [row["id"] for row in rows][-1] == "A-000001"
    text = cli("log", "--kind", "assembly").out
    assert "assembled at 仓库: 食品礼包 ×2 份 from 桶面 ×4 桶" in text


# --- properties -----------------------------------------------------------------------------------


@given(
    total=st.integers(0, 10**12),
    weights=st.lists(
        st.fractions(min_value=0, max_value=10**6, max_denominator=1000), min_size=1, max_size=8
    ).filter(any),
)
def test_split_value_sums_to_the_total_and_follows_the_weights(
    total: int, weights: list[Fraction]
) -> None:
    parts = split_value(total, weights)
    assert sum(parts) == total
    whole = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = total * weight / whole
        assert exact - 1 < part < exact + 1
        assert part >= 0


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kits-props") / "template.sqlite"
    where = LedgerLocation("sqlite", str(path))
    init_ledger(where, lambda opened: record_initial(opened, {"tz": "Asia/Shanghai"}))
    ledger = open_ledger(where)

    def master(poster: Poster) -> None:
        for name in ("甲", "乙", "丙"):
            poster.add_item(name, "个")

    post(ledger, master)
    ledger.close()
    return path


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    buys=st.lists(st.tuples(st.integers(1, 500), st.integers(1, 10**9)), min_size=3, max_size=3),
    recipe=st.lists(st.integers(1, 9), min_size=3, max_size=3),
    kits=st.integers(1, 60),
    apart=st.integers(1, 60),
)
def test_assembly_and_disassembly_keep_value_to_the_fen(
    template: Path,
    tmp_path: Path,
    buys: list[tuple[int, int]],
    recipe: list[int],
    kits: int,
    apart: int,
) -> None:
    target = tmp_path / "ledger.sqlite"
    shutil.copyfile(template, target)
    ledger = open_ledger(LedgerLocation("sqlite", str(target)))
    try:
        ledger.execute("PRAGMA synchronous = OFF")
        day = date(2021, 1, 6)
        names = ("甲", "乙", "丙")

        def setup(poster: Poster) -> None:
            for name, (qty, total) in zip(names, buys, strict=True):
                poster.buy(PurchaseRequest(day, name, qty, total_fen=total))
            components = [(n, q) for n, q in zip(names, recipe, strict=True)]
            poster.add_kit("礼包", "份", components)

        post(ledger, setup)
        value_before = sum(row.value_fen for row in stock(ledger))
        try:
            made = post(ledger, lambda p: p.assemble(AssemblyRequest(day, "礼包", kits)))
        except OutOfStock:
            assert any(per * kits > qty for per, (qty, _t) in zip(recipe, buys, strict=True))
            return
        used = made.detail["moved"]
        assert made.amount_fen == sum(line.value_fen for line in used)
        rows = {row.item: row for row in stock(ledger)}
        assert rows["礼包"].qty == kits and rows["礼包"].value_fen == made.amount_fen
        assert sum(row.value_fen for row in rows.values()) == value_before
        count = min(apart, kits)
        back = post(ledger, lambda p: p.disassemble(AssemblyRequest(day, "礼包", count)))
        assert sum(line.value_fen for line in back.detail["moved"]) == back.amount_fen
        assert sum(row.value_fen for row in stock(ledger)) == value_before
        assert verify(ledger) == []
        post(ledger, lambda p: p.void(VoidRequest(back.entry_id, "x")))
        post(ledger, lambda p: p.void(VoidRequest(made.entry_id, "x")))
        after = {row.item: (row.qty, row.value_fen) for row in stock(ledger)}
        assert after == {
            name: (qty, total) for name, (qty, total) in zip(names, buys, strict=True)
        } | {"礼包": (0, 0)}
        assert verify(ledger) == []
    finally:
        ledger.close()


# --- the report in component terms ----------------------------------------------------------------


def test_report_by_item_in_component_terms(cli: CliRunner) -> None:
    _setup(cli)
    assert cli("township", "add", "高丽营镇").code == 0
    assert cli("assemble", "食品礼包=100", *DAY).code == 0
    whole = ("receive", *DAY, "--item", "食品礼包", "--qty", "10", "--source", "donation")
    assert cli(*whole, "--value", "0").code == 0
    ship = ("ship", "--date", "2021-01-07", "--batch", "1", "--to", "高丽营镇")
    assert cli(*ship, "--item", "食品礼包=105", "--item", "火腿=3").code == 0
    shown = json.loads(cli("report", "--by", "item", "--components", "--format", "json").out)
    # The item table is unchanged: kits are items.
    assert [row["item"] for row in shown["by_item"]] == ["火腿", "食品礼包"]
    parts = {row["item"]: row for row in shown["by_item_components"]}
    assert (parts["火腿"]["delivered"], parts["火腿"]["via_kits"]) == (3, 100)
    assert parts["火腿"]["component_qty"] == 103
    assert parts["桶面"]["component_qty"] == 200 and parts["榨菜"]["component_qty"] == 500
    # Assembled kits go out first: 100 of the 105 have component history, 5 came whole.
    assert parts["食品礼包"]["kit"] is True
    assert parts["食品礼包"]["no_component_history"] == 5
    assert "大米" not in parts
    # A later period: the assembled kits are used up, so what goes out has no history.
    assert cli(*ship, "--item", "食品礼包=5").code == 0
    later = cli(
        "report", "--by", "item", "--components", "--format", "json", "--since", "2021-01-07"
    )
    again = {row["item"]: row for row in json.loads(later.out)["by_item_components"]}
    assert again["食品礼包"]["delivered"] == 110
    assert again["食品礼包"]["no_component_history"] == 10
    table = cli("report", "--by", "item", "--components")
    assert "食品礼包 (kit)" in table.out and "kits without component history" in table.out
    csv_text = cli("report", "--by", "item", "--components", "--format", "csv").out
    assert "item in component terms,火腿,根" in csv_text
    plain = cli("report", "--by", "item", "--format", "csv").out
    assert "in kits" not in plain  # without --components, nothing changes


def test_report_components_needs_the_item_table(cli: CliRunner) -> None:
    result = cli("report", "--components")
    assert result.code == 2 and "--by item, township or batch" in result.err
    result = cli("report", "--by", "township", "--by", "item", "--pivot", "--components")
    assert result.code == 2
    assert cli("report", "--by", "group", "--components").code == 2


def test_report_in_component_terms_per_township_and_batch(cli: CliRunner) -> None:
    """How many 火腿 went to 高丽营镇: per township (and batch), each row honest about its own
    kits without component history; the townships add up to the district."""
    _setup(cli)
    for town in ("高丽营镇", "南法信镇"):
        assert cli("township", "add", town).code == 0
    assert cli("assemble", "食品礼包=100", *DAY).code == 0
    whole = ("receive", *DAY, "--item", "食品礼包", "--qty", "10", "--source", "donation")
    assert cli(*whole, "--value", "0").code == 0

    def ship(day: str, batch: str, town: str, *items: str) -> str:
        args = ("ship", "--date", day, "--batch", batch, "--to", town)
        done = cli(*args, *(x for item in items for x in ("--item", item)))
        assert done.code == 0, done.err
        return str(json.loads(cli("log", "--format", "json").out)[-1]["id"])

    ship("2021-01-07", "1", "高丽营镇", "食品礼包=60", "火腿=3")
    voided = ship("2021-01-07", "1", "南法信镇", "食品礼包=30")
    assert cli("void", voided, "--reason", "录入错误").code == 0
    ship("2021-01-08", "2", "南法信镇", "食品礼包=50")  # 40 assembled left, then 10 whole
    shown = json.loads(
        cli("report", "--by", "township", "--by", "batch", "--components", "--format", "json").out
    )
    assert "by_item_components" not in shown
    rows = {(row["township"], row["item"]): row for row in shown["by_township_components"]}
    assert (rows["高丽营镇", "火腿"]["delivered"], rows["高丽营镇", "火腿"]["via_kits"]) == (3, 60)
    assert rows["高丽营镇", "火腿"]["component_qty"] == 63
    assert rows["高丽营镇", "食品礼包"]["no_component_history"] == 0
    assert rows["南法信镇", "食品礼包"]["delivered"] == 50
    assert rows["南法信镇", "食品礼包"]["no_component_history"] == 10
    assert rows["南法信镇", "榨菜"]["via_kits"] == 200
    batches = {(row["batch"], row["item"]): row for row in shown["by_batch_components"]}
    assert batches["2", "桶面"]["via_kits"] == 80
    # The townships add up to the district, row by row.
    district = json.loads(cli("report", "--by", "item", "--components", "--format", "json").out)
    for part in district["by_item_components"]:
        for key in ("delivered", "via_kits", "no_component_history"):
            if part[key] is not None:
                assert part[key] == sum(
                    row[key] for (_town, item), row in rows.items() if item == part["item"]
                ), (part["item"], key)
    table = cli("report", "--by", "township", "--components").out
    assert "by township" in table and "高丽营镇" in table
    csv_text = cli("report", "--by", "township", "--components", "--format", "csv").out
    heading = csv_text.splitlines()[0]
    assert heading.endswith("item (component terms),unit (component terms)")
    assert "item in component terms by township,高丽营镇," in csv_text
    assert any(line.endswith(",63,,火腿,根") for line in csv_text.splitlines())


# --- the export ----------------------------------------------------------------------------------


def test_the_export_has_kit_definitions_and_assemblies_on_their_own_sheets(
    cli: CliRunner, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    plain = tmp_path / "plain.xlsx"
    assert cli("export", "--out", str(plain)).code == 0
    assert "Kits" not in load_workbook(plain).sheetnames  # a ledger without kits: as it was
    _setup(cli)
    assert cli("assemble", "食品礼包=10", *DAY, "--ref", "ZP-1").code == 0
    assert cli("disassemble", "食品礼包=2", *DAY).code == 0
    assert cli("void", "D-000001", "--reason", "x").code == 0
    out = tmp_path / "kits.xlsx"
    assert cli("export", "--out", str(out)).code == 0
    book = load_workbook(out)
    kits = list(book["Kits"].iter_rows(values_only=True))
    assert kits[0] == ("kit", "unit", "component", "per_kit", "entry")
    assert [row[2:4] for row in kits[1:]] == [("桶面", 2), ("火腿", 1), ("榨菜", 5)]
    lines = list(book["Assemblies"].iter_rows(values_only=True))
    head = lines[0]
    rows = [dict(zip(head, line, strict=True)) for line in lines[1:]]
    assert [(r["kind"], r["item"], r["role"], r["qty"]) for r in rows[:4]] == [
        ("assembly", "食品礼包", "kit", 10),
        ("assembly", "桶面", "component", -20),
        ("assembly", "火腿", "component", -10),
        ("assembly", "榨菜", "component", -50),
    ]
    first = [r for r in rows if r["entry"] == "A-000001"]
    assert sum(round(r["value"] * 100) for r in first) == 0  # value out = value in, to the fen
    assert {r["voided by"] for r in rows if r["entry"] == "D-000001"} == {"V-000001"}
    assert rows[0]["ref"] == "ZP-1"


# --- verify ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "code"),
    [
        (
            "UPDATE assembly_lines SET value_fen = value_fen + 1 "
            "WHERE entry_id = 'A-000001' AND role = 'kit'",
            "verify.assembly_value",
        ),
        (
            "UPDATE assembly_lines SET qty = qty - 1, value_fen = value_fen "
            "WHERE entry_id = 'A-000001' AND line_no = 2",
            "verify.assembly_shape",
        ),
        (
            "UPDATE assembly_lines SET value_fen = value_fen - 5 WHERE entry_id = 'A-000001' "
            "AND line_no = 2",
            "verify.line_value",
        ),
        ("UPDATE kit_components SET component_id = kit_id WHERE line_no = 1", "verify.kit_nested"),
    ],
)
def test_verify_checks_kits_and_the_value_identity(
    cli: CliRunner, db_url: str, statement: str, code: str
) -> None:
    from reliefctl.db.schema import open_ledger as opened
    from reliefctl.db.url import resolve

    from .ledgers import tamper

    _setup(cli)
    assert cli("assemble", "食品礼包=10", *DAY).code == 0
    assert cli("verify").code == 0
    tamper(db_url, statement)
    assert cli("verify").code == 1
    ledger = opened(resolve(db_url))
    try:
        found = {problem.code for problem in verify(ledger)}
    finally:
        ledger.close()
    assert code in found, found


def test_show_names_a_kits_recipe_and_an_assemblys_lines(cli: CliRunner) -> None:
    _setup(cli)
    assert cli("assemble", "食品礼包=2", *DAY).code == 0
    kit = cli("show", "M-000005")
    assert kit.code == 0 and "kit 食品礼包; component 桶面; qty 2" in kit.out
    made = cli("show", "A-000001")
    assert made.code == 0 and "(assembly)" in made.out
    assert "item 食品礼包; qty 2 份" in made.out and "role kit" in made.out


def test_kits_counted_in_packs_keep_the_quantity_as_written(cli: CliRunner, db_url: str) -> None:
    """Issue 13: a kit may have a pack too; assembling 2箱 of it stores 20 份 and keeps 2箱,
    which the confirmation, --json, the log and verify all read."""
    from .ledgers import tamper

    for args in (
        ("item", "add", "桶面", "--unit", "桶"),
        ("kit", "add", "礼包", "--unit", "份", "--component", "桶面=2"),
        ("item", "pack", "礼包", "箱", "--size", "10"),
        ("buy", "--date", "2021-01-10", "--item", "桶面", "--qty", "100", "--total", "450"),
    ):
        assert cli(*args).code == 0, args
    said = cli("assemble", "礼包=2箱", "--date", "2021-01-11")
    assert said.code == 0, said.err
    assert "assembled 礼包 ×2箱 (20 份)" in said.out
    apart = cli("disassemble", "礼包=1箱", "--date", "2021-01-12", "--json")
    assert json.loads(apart.out)["qty"] == 10 and json.loads(apart.out)["qty_text"] == "1箱"
    assert "礼包 ×2箱 (20 份)" in cli("log").out
    assert cli("verify").code == 0
    before = json.loads(cli("report", "--format", "json").out)["totals"]
    if not db_url.startswith("postgresql"):
        # The Assemblies sheet keeps 2箱, and import --kind all records it as written.
        out = Path(db_url).with_name("kits.xlsx")
        assert cli("export", "--out", str(out)).code == 0
        copy = str(Path(db_url).with_name("copy.sqlite"))
        assert cli("--db", copy, "init").code == 0
        assert cli("--db", copy, "import", str(out), "--kind", "all").code == 0
        assert "礼包 ×2箱 (20 份)" in cli("--db", copy, "log").out
        after = json.loads(cli("--db", copy, "report", "--format", "json").out)["totals"]
        assert after == before
    tamper(db_url, "UPDATE assembly_lines SET qty = 19 WHERE qty_text = '2箱'")
    result = cli("verify")
    assert result.code == 1 and "keeps '2箱', which is 20 份, but stores 19" in result.out
