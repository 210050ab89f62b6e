"""The physiotherapist's report as numbers and as a page, from rows with known answers."""

from __future__ import annotations

import dataclasses
import datetime as dt

from backcoach.history import physio_report, report_page, report_rows
from backcoach.history.physio_report import (
    Day,
    DoseDone,
    HoldSpan,
    PainWeek,
    Practised,
    Sessions,
    Sources,
    Streaks,
    StretchSource,
    Week,
    dose_text,
)
from backcoach.history.report_rows import DoseRow, HoldRow, ReportRows, SessionRow

FIRST = dt.date(2026, 2, 25)  # a Wednesday
LAST = dt.date(2026, 3, 10)  # a Tuesday: 14 days, in three calendar weeks


def session(n: int, started: str, status: str, before, after, level, routine, done):  # type: ignore[no-untyped-def]
    return SessionRow(n, started, status, before, after, level, routine, done)


ROWS = ReportRows(
    first=FIRST,
    last=LAST,
    sessions=[
        session(1, "2026-02-25T07:00:00+01:00", "finished", 5, 3, None, None, 10),
        session(2, "2026-02-25T19:30:00+01:00", "quit", 4, None, "gentle", "physio", 2),
        session(3, "2026-02-27T08:00:00+01:00", "interrupted", None, None, "gentle", "physio", 0),
        session(4, "2026-03-02T07:00:00+01:00", "running", 6, 2, None, None, 1),
        session(5, "2026-03-03T07:00:00+01:00", "paused", None, 7, "standard", "zulu", 3),
        session(6, "2026-03-10T07:00:00+01:00", "finished", 3, 4, None, "core", 5),
    ],
    outcomes=[
        ("bridge", "done", 5),
        ("bridge", "skipped", 1),
        ("hip", "painful", 2),
        ("hip", "done", 3),
        ("zeta", "done", 1),
        ("alpha-old", "skipped", 2),
    ],
    doses=[
        DoseRow("bridge", 10, 5, None, False, 3),
        DoseRow("bridge", 12, None, None, True, 1),
        DoseRow("hip", 2, 25, "left", False, 2),
        DoseRow("zeta", 3, None, "right", False, 1),
    ],
    holds=[
        HoldRow("bird-dog", "2026-02-26T07:05:00+01:00", "it hurt", "2026-03-05T08:00:00+01:00"),
        HoldRow("bird-dog", "2026-03-06T07:00:00+01:00", "again", None),
        HoldRow("hip", "2026-03-01T09:00:00+01:00", "by hand", None),
    ],
    practised_days=[
        dt.date(2026, 2, 20),
        dt.date(2026, 2, 21),
        dt.date(2026, 2, 22),
        dt.date(2026, 2, 23),
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 10),
    ],
)
SOURCES = Sources(
    stretches=(
        StretchSource("bridge", "Bridge", "once", "10× · hold 5 s"),
        StretchSource("bird-dog", "Bird <dog>", "alternate", "5× alternating"),
        StretchSource("hip", "Hip stretch", "each", "2× each side · hold 20–30 s"),
        StretchSource("unused", "Unused", "once", "1×"),
    ),
    medical_note="See a doctor & stop if it hurts.",
)
TODAY = dt.date(2026, 3, 10)


def figures() -> physio_report.Figures:
    return physio_report.build(ROWS, SOURCES, TODAY)


def test_period_sessions_and_streak_are_counted_exactly() -> None:
    """Six sessions of every status: totals, days practised and the streak across a gap."""
    f = figures()
    assert f.generated == TODAY
    assert (f.period.first, f.period.last, f.period.days) == (FIRST, LAST, 14)
    assert f.sessions == Sessions(
        total=6, finished=2, quit=1, interrupted=1, running=1, ended_early=2, days_practised=4
    )
    assert f.streak == Streaks(current=2, longest=4)
    assert f.medical_note == "See a doctor & stop if it hurts."


def test_practised_routines_most_first_then_by_name() -> None:
    """A missing routine is the full one, a missing level standard; ties go by name."""
    assert figures().practised == [
        Practised("full", "standard", 2),
        Practised("physio", "gentle", 2),
        Practised("core", "standard", 1),
        Practised("zulu", "standard", 1),
    ]


def test_calendar_adds_up_each_days_stretches() -> None:
    """One day per date of the period, both ends included; two sessions on a day add up."""
    calendar = figures().calendar
    assert len(calendar) == 14
    assert calendar[0] == Day(FIRST, 12)
    assert calendar[-1] == Day(LAST, 5)
    done = {day.date.isoformat(): day.done for day in calendar if day.done}
    assert done == {"2026-02-25": 12, "2026-03-02": 1, "2026-03-03": 3, "2026-03-10": 5}


def test_weeks_split_finished_ended_early_and_other() -> None:
    """Weeks start on the Monday before the period; a running or unknown status is 'other'."""
    assert figures().weeks == [
        Week(dt.date(2026, 2, 23), finished=1, ended_early=2, other=0),
        Week(dt.date(2026, 3, 2), finished=0, ended_early=0, other=2),
        Week(dt.date(2026, 3, 9), finished=1, ended_early=0, other=0),
    ]


def test_pain_averages_count_only_sessions_with_both_answers() -> None:
    """Averages over the three sessions with a before and an after; weekly means of all."""
    pain = figures().pain
    assert [(p.started_at[:10], p.before, p.after) for p in pain.points] == [
        ("2026-02-25", 5, 3),
        ("2026-02-25", 4, None),
        ("2026-03-02", 6, 2),
        ("2026-03-03", None, 7),
        ("2026-03-10", 3, 4),
    ]
    assert pain.checked_in == 3
    assert pain.average_before == 4.67
    assert pain.average_after == 3.0
    assert pain.average_change == -1.67
    assert pain.weekly == [
        PainWeek(dt.date(2026, 2, 23), 4.5, 3.0),
        PainWeek(dt.date(2026, 3, 2), 6.0, 4.5),
        PainWeek(dt.date(2026, 3, 9), 3.0, 4.0),
    ]


def test_no_pain_answers_give_no_averages() -> None:
    """Without a check-in every average is None and nothing is charted."""
    f = physio_report.build(report_rows.empty(FIRST, LAST), SOURCES, TODAY)
    assert (f.pain.checked_in, f.pain.average_before, f.pain.average_after) == (0, None, None)
    assert f.pain.average_change is None
    assert f.pain.points == [] and f.pain.weekly == []
    assert f.sessions == Sessions(0, 0, 0, 0, 0, 0, 0)
    assert f.practised == [] and f.stretches == []
    assert f.streak == Streaks(0, 0)


def test_each_stretch_in_catalogue_order_then_unknown_by_id() -> None:
    """Outcomes, doses in words, doses not recorded and holds, per stretch."""
    stretches = figures().stretches
    assert [s.id for s in stretches] == ["bridge", "bird-dog", "hip", "alpha-old", "zeta"]
    bridge, bird, hip, old, zeta = stretches
    assert (bridge.name, bridge.source_dose) == ("Bridge", "10× · hold 5 s")
    assert (bridge.done, bridge.skipped, bridge.painful) == (5, 1, 0)
    assert bridge.doses == [
        DoseDone("10× · hold 5 s", 10, 5, None, False, 3),
        DoseDone("12×", 12, None, None, True, 1),
    ]
    assert bridge.dose_not_recorded == 1
    assert bridge.holds == []
    assert (bird.done, bird.skipped, bird.painful, bird.doses, bird.dose_not_recorded) == (
        0,
        0,
        0,
        [],
        0,
    )
    assert bird.holds == [
        HoldSpan("2026-02-26T07:05:00+01:00", "2026-03-05T08:00:00+01:00", "it hurt"),
        HoldSpan("2026-03-06T07:00:00+01:00", None, "again"),
    ]
    assert (hip.done, hip.skipped, hip.painful, hip.dose_not_recorded) == (3, 0, 2, 1)
    assert [d.text for d in hip.doses] == ["2× left side only · hold 25 s"]
    assert hip.holds == [HoldSpan("2026-03-01T09:00:00+01:00", None, "by hand")]
    assert (old.name, old.source_dose, old.skipped, old.done) == ("alpha-old", None, 2, 0)
    assert (zeta.name, zeta.source_dose, zeta.done, zeta.dose_not_recorded) == ("zeta", None, 1, 0)
    assert zeta.doses == [DoseDone("3×", 3, None, "right", False, 1)]


def test_dose_text_uses_the_sources_words() -> None:
    """Reps, the sides in words, one side only, and the hold."""
    assert dose_text(2, None, "alternate", None) == "2× alternating"
    assert dose_text(2, 20, "each", None) == "2× each side · hold 20 s"
    assert dose_text(4, 30, "each", "right") == "4× right side only · hold 30 s"
    assert dose_text(1, None, "once", "left") == "1×"
    assert dose_text(3, 0, "unheard-of", None) == "3× · hold 0 s"


def test_json_document_has_dates_as_text_all_the_way_down() -> None:
    """Every date, nested in lists and objects, is YYYY-MM-DD."""
    document = physio_report.as_json(figures())
    assert document["generated"] == "2026-03-10"
    assert document["period"] == {"first": "2026-02-25", "last": "2026-03-10", "days": 14}
    assert document["calendar"][0] == {"date": "2026-02-25", "done": 12}
    assert document["weeks"][1] == {
        "monday": "2026-03-02",
        "finished": 0,
        "ended_early": 0,
        "other": 2,
    }
    assert document["pain"]["weekly"][0] == {"monday": "2026-02-23", "before": 4.5, "after": 3.0}
    assert document["stretches"][0]["doses"][1] == {
        "text": "12×",
        "reps": 12,
        "hold_seconds": None,
        "sides": None,
        "prescribed": True,
        "times": 1,
    }
    assert document["streak"] == {"current": 2, "longest": 4}


# -- the page ---------------------------------------------------------------


def test_calendar_squares_place_each_day_under_its_weekday() -> None:
    """A column a week, Monday on top; shades scale to ten stretches or the most done."""
    calendar = report_page.calendar(figures())
    assert (calendar.width, calendar.height, calendar.wide) == (36, 84, False)
    assert calendar.bands == [(0, "Feb 2026")]
    squares = {s.label.split(":")[0]: s for s in calendar.squares}
    assert len(calendar.squares) == 14
    first = squares["Wed 25 Feb 2026"]
    assert (first.x, first.y, first.shade) == (0, 24, 4)
    assert first.label == "Wed 25 Feb 2026: 12 stretches done"
    monday = squares["Mon 02 Mar 2026"]
    assert (monday.x, monday.y, monday.shade) == (12, 0, 1)
    assert monday.label == "Mon 02 Mar 2026: 1 stretch done"
    assert squares["Tue 03 Mar 2026"].shade == 1
    last = squares["Tue 10 Mar 2026"]
    assert (last.x, last.y, last.shade) == (24, 12, 2)
    assert squares["Thu 26 Feb 2026"].shade == 0
    assert squares["Thu 26 Feb 2026"].label == "Thu 26 Feb 2026: 0 stretches done"


def test_calendar_shades_step_up_to_a_full_routine() -> None:
    """Below ten stretches the darkest shade is ten; one to ten done climb shades 1 to 4."""
    rows = dataclasses.replace(
        ROWS,
        sessions=[
            session(
                n, f"2026-02-{25 + n:02d}T07:00:00+01:00", "finished", None, None, None, None, n
            )
            for n in range(1, 4)
        ]
        + [
            session(n, f"2026-03-{n - 3:02d}T07:00:00+01:00", "finished", None, None, None, None, n)
            for n in range(4, 11)
        ],
    )
    calendar = report_page.calendar(physio_report.build(rows, SOURCES, TODAY))
    shades = [s.shade for s in calendar.squares]
    assert shades == [0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 0, 0, 0]


def empty_figures(first: dt.date, last: dt.date) -> physio_report.Figures:
    return physio_report.build(report_rows.empty(first, last), SOURCES, last)


def test_half_a_year_is_one_band_a_day_more_is_a_wide_year() -> None:
    """26 weeks fit one narrow row; 27 weeks take rows of a year across the page."""
    first = dt.date(2026, 1, 5)  # a Monday
    narrow = report_page.calendar(empty_figures(first, first + dt.timedelta(weeks=26, days=-1)))
    assert (narrow.width, narrow.height, narrow.wide) == (26 * 12, 84, False)
    assert narrow.bands == [(0, "Jan 2026")]
    wide = report_page.calendar(empty_figures(first, first + dt.timedelta(weeks=26)))
    assert (wide.width, wide.height, wide.wide) == (53 * 12, 84, True)
    assert wide.bands == [(0, "Jan 2026")]


def test_long_period_calendar_has_a_band_per_year() -> None:
    """Eighteen months: two rows of 53 weeks, the second labelled with its first week."""
    calendar = report_page.calendar(empty_figures(dt.date(2024, 1, 3), dt.date(2025, 6, 30)))
    assert (calendar.width, calendar.height, calendar.wide) == (636, 184, True)
    assert calendar.bands == [(0, "Jan 2024"), (100, "Jan 2025")]
    squares = {s.label.split(":")[0]: s for s in calendar.squares}
    assert (squares["Wed 03 Jan 2024"].x, squares["Wed 03 Jan 2024"].y) == (0, 24)
    assert (squares["Mon 06 Jan 2025"].x, squares["Mon 06 Jan 2025"].y) == (0, 100)
    assert (squares["Mon 30 Jun 2025"].x, squares["Mon 30 Jun 2025"].y) == (25 * 12, 100)
    assert (squares["Sun 05 Jan 2025"].x, squares["Sun 05 Jan 2025"].y) == (52 * 12, 72)


def test_week_bars_stack_ended_early_on_finished() -> None:
    """Bars scaled to at least seven sessions, a third of the width each."""
    bars, top = report_page.week_bars(figures())
    assert top == 7
    assert len(bars) == 3
    first = bars[0]
    assert round(first.x, 3) == 15.0
    assert round(first.width, 3) == 70.0
    assert round(first.finished_height, 3) == round(120 / 7, 3)
    assert round(first.finished_y, 3) == round(120 - 120 / 7, 3)
    assert round(first.early_height, 3) == round(240 / 7, 3)
    assert round(first.early_y, 3) == round(120 - 360 / 7, 3)
    assert first.label == "Week of 23 Feb 2026: 1 finished, 2 ended early"
    assert round(bars[2].x, 3) == 215.0
    assert (bars[1].finished_height, bars[1].early_height, bars[1].early_y) == (0, 0, 120)


def test_week_bars_grow_their_scale_past_seven() -> None:
    """A week of nine sessions sets the top; a chart with no weeks still has one slot."""
    f = dataclasses.replace(figures(), weeks=[Week(dt.date(2026, 3, 2), 6, 2, 1)])
    bars, top = report_page.week_bars(f, width=100, height=90)
    assert top == 9
    assert (bars[0].x, bars[0].width, bars[0].finished_height, bars[0].early_height) == (
        15.0,
        70.0,
        60.0,
        20.0,
    )
    assert (bars[0].finished_y, bars[0].early_y) == (30.0, 10.0)
    none, top = report_page.week_bars(dataclasses.replace(f, weeks=[]))
    assert (none, top) == ([], 7)


def test_pain_lines_place_each_answer_by_date_and_hour() -> None:
    """x by day and hour within the period, y by the answer out of ten."""
    lines = report_page.pain_lines(figures())
    assert lines["before"] == [
        (13.5, 75.0, "25 Feb 2026 07:00: before 5/10"),
        (36.5, 90.0, "25 Feb 2026 19:30: before 4/10"),
        (244.2, 60.0, "02 Mar 2026 07:00: before 6/10"),
        (600.0, 105.0, "10 Mar 2026 07:00: before 3/10"),
    ]
    assert lines["after"] == [
        (13.5, 105.0, "25 Feb 2026 07:00: after 3/10"),
        (244.2, 120.0, "02 Mar 2026 07:00: after 2/10"),
        (290.4, 45.0, "03 Mar 2026 07:00: after 7/10"),
        (600.0, 90.0, "10 Mar 2026 07:00: after 4/10"),
    ]


def test_pain_lines_keep_points_inside_the_chart() -> None:
    """A moment before the period sits on its left edge; a one-day period spans the width."""
    rows = dataclasses.replace(
        ROWS,
        first=dt.date(2026, 3, 10),
        last=dt.date(2026, 3, 10),
        sessions=[
            session(1, "2026-03-09T23:00:00+01:00", "finished", 10, 0, None, None, 1),
            session(2, "2026-03-10T12:00:00+01:00", "finished", 2, None, None, None, 1),
        ],
    )
    lines = report_page.pain_lines(physio_report.build(rows, SOURCES, TODAY), width=100, height=50)
    assert lines["before"] == [
        (0.0, 0.0, "09 Mar 2026 23:00: before 10/10"),
        (50.0, 40.0, "10 Mar 2026 12:00: before 2/10"),
    ]
    assert lines["after"] == [(0.0, 50.0, "09 Mar 2026 23:00: after 0/10")]


def many_sessions(count: int) -> ReportRows:
    first = dt.date(2026, 1, 5)  # a Monday
    sessions = [
        session(
            n,
            f"{first + dt.timedelta(days=n // 2)}T07:00:00+01:00",
            "finished",
            4,
            2,
            None,
            None,
            1,
        )
        for n in range(count)
    ]
    return dataclasses.replace(
        ROWS, first=first, last=first + dt.timedelta(days=70), sessions=sessions
    )


def test_more_than_120_check_ins_are_drawn_a_week_at_a_time() -> None:
    """121 check-ins: one point a week, at its middle, labelled with the week."""
    f = physio_report.build(many_sessions(121), SOURCES, TODAY)
    lines = report_page.pain_lines(f)
    assert len(lines["before"]) == 9
    assert lines["before"][0] == (30.0, 90.0, "week of 05 Jan 2026: before 4/10")
    assert lines["after"][1] == (90.0, 120.0, "week of 12 Jan 2026: after 2/10")
    page = report_page.render(f)
    assert "(each point a week&#39;s average)" in page or "(each point a week's average)" in page
    exactly = physio_report.build(many_sessions(120), SOURCES, TODAY)
    assert len(report_page.pain_lines(exactly)["before"]) == 120
    assert "each point a week" not in report_page.render(exactly)


def test_page_shows_the_figures_escaped() -> None:
    """The page's facts, table and note; text from files is escaped, never markup."""
    page = report_page.render(figures())
    assert "<title>Stretching report, 25 Feb 2026 to 10 Mar 2026</title>" in page
    assert "25 February 2026 to 10 March 2026 (14 days) · made 10 March 2026" in page
    assert "<b>6</b>sessions" in page
    assert "<b>4</b>days practised" in page
    assert "<b>2</b>ended early (1 quit, 1 interrupted)" in page
    assert "<b>2</b>days in a row now" in page
    assert "<b>4</b>longest run of days" in page
    assert "<b>-1.7</b>average pain change per session" in page
    assert "the <b>full</b> routine at the <b>standard</b> level (2 sessions);" in page
    assert "the <b>core</b> routine at the <b>standard</b> level (1 session);" in page
    assert "the <b>zulu</b> routine at the <b>standard</b> level (1 session)." in page
    assert "Bird &lt;dog&gt;" in page and "Bird <dog>" not in page
    assert "See a doctor &amp; stop if it hurts." in page
    assert "not recorded (1×)" in page
    assert "not in the catalogue" in page
    assert "2026-02-26 to 2026-03-05: it hurt" in page
    assert "2026-03-06 to now: again" in page
    assert "4.7 before, 3.0 after, an average change of -1.7 per session." in page
    assert 'class="shade4" x="0" y="24"' in page
    assert '<circle cx="13.5" cy="75.0"' in page
    assert "Week of 23 Feb 2026: 1 finished, 2 ended early" in page


def test_shades_scale_to_the_most_done_past_ten() -> None:
    """Eleven done is the darkest; three of eleven is the second shade."""
    rows = dataclasses.replace(
        ROWS,
        sessions=[
            session(1, "2026-02-25T07:00:00+01:00", "finished", None, None, None, None, 11),
            session(2, "2026-02-26T07:00:00+01:00", "finished", None, None, None, None, 3),
            session(3, "2026-02-27T07:00:00+01:00", "finished", None, None, None, None, 2),
        ],
    )
    calendar = report_page.calendar(physio_report.build(rows, SOURCES, TODAY))
    assert [s.shade for s in calendar.squares[:4]] == [4, 2, 1, 0]


def test_fifty_four_weeks_take_two_bands() -> None:
    """A year and one week: the last week starts a second row."""
    first = dt.date(2024, 1, 1)  # a Monday
    calendar = report_page.calendar(empty_figures(first, first + dt.timedelta(weeks=53)))
    assert len(calendar.bands) == 2
    assert calendar.height == 2 * 84 + 16


def test_weekly_pain_points_keep_one_decimal() -> None:
    """A week's mean of 4.33 is drawn at a height rounded to a tenth."""
    f = physio_report.build(many_sessions(121), SOURCES, TODAY)
    pain = dataclasses.replace(f.pain, weekly=[PainWeek(dt.date(2026, 1, 5), 4.33, None)])
    lines = report_page.pain_lines(dataclasses.replace(f, pain=pain))
    assert lines == {"before": [(30.0, 85.0, "week of 05 Jan 2026: before 4.33/10")], "after": []}
