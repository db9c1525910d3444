"""Chart geometry: ticks at round numbers, bars in proportion, every bar named with its number."""

import pytest

from ebiblio_portal.stats import charts


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (4, 1), (9, 2), (23, 5), (100, 20), (999, 200), (1234567, 500000)]
)
def test_ticks_are_one_two_or_five_times_a_power_of_ten(largest, step):
    assert charts.nice_step(largest) == step


def test_columns_are_in_proportion_and_named():
    chart = charts.columns(
        "c",
        "Loans by month",
        "Month",
        "Number",
        [("2025-01", "Jan"), ("2025-02", "Feb")],
        [("Loans", {"2025-01": 10, "2025-02": 5}), ("Holds", {"2025-01": 0})],
        str,
    )
    loans_jan, holds_jan, loans_feb, holds_feb = chart.bars
    assert loans_jan.height == pytest.approx(2 * loans_feb.height)
    assert holds_jan.height == holds_feb.height == 0
    assert loans_jan.text == "Jan, Loans: 10" and holds_feb.text == "Feb, Holds: 0"
    assert [t.text for t in chart.ticks] == ["0", "2", "4", "6", "8", "10"]
    assert [name for _colour, name in chart.legend] == ["Loans", "Holds"]


def test_rows_shorten_long_labels_and_handle_no_data():
    chart = charts.rows("r", "Titles", "Loans", "Title", [(1, "A" * 40), (2, "B")], {1: 3}, str)
    assert chart.categories[0].text == "A" * 29 + "…" and chart.bars[1].width == 0
    empty = charts.rows("e", "Nothing", "Loans", "Title", [], {}, str)
    assert empty.bars == [] and empty.height > 0
