import Foundation
import StrataDiagnostics
import StrataJinja
import Testing

@testable import StrataCore

/// `modules.datetime` and `run_started_at` print and compute as Python 3.11's `datetime` does: every expected
/// string below is Python's `str()` of the same expression (with `run_started_at` being
/// `datetime.fromtimestamp(1700000000, timezone.utc)`, the harness's start time, aware like dbt's).
@Suite struct DateTimeModuleTests {
    static let pythonPrints: [(String, String)] = [
        ("modules.datetime.datetime(2024, 1, 31) + modules.datetime.timedelta(days=1)", "2024-02-01 00:00:00"),
        (
            "modules.datetime.datetime(2024, 3, 1) - modules.datetime.timedelta(hours=1, minutes=30)",
            "2024-02-29 22:30:00"
        ),
        ("modules.datetime.datetime(2024, 3, 1, 12) - modules.datetime.datetime(2024, 1, 1)", "60 days, 12:00:00"),
        ("modules.datetime.datetime(2024, 1, 1) - modules.datetime.datetime(2024, 1, 2, 0, 0, 1)", "-2 days, 23:59:59"),
        ("(modules.datetime.datetime(2024, 1, 1) - modules.datetime.datetime(2024, 1, 2, 0, 0, 1)).days", "-2"),
        ("(modules.datetime.datetime(2024, 1, 1) - modules.datetime.datetime(2024, 1, 2, 0, 0, 1)).seconds", "86399"),
        (
            "(modules.datetime.datetime(2024, 1, 2, 6) - modules.datetime.datetime(2024, 1, 1)).total_seconds()",
            "108000.0"
        ),
        ("modules.datetime.timedelta(hours=-1)", "-1 day, 23:00:00"),
        ("modules.datetime.timedelta(weeks=1, days=1, seconds=5, microseconds=7)", "8 days, 0:00:05.000007"),
        ("modules.datetime.timedelta(days=1, hours=2).total_seconds()", "93600.0"),
        ("modules.datetime.timedelta(minutes=90).seconds", "5400"),
        ("modules.datetime.timedelta(days=1.5)", "1 day, 12:00:00"),
        ("modules.datetime.timedelta(milliseconds=1)", "0:00:00.001000"),
        ("modules.datetime.timedelta(0)", "0:00:00"),
        ("modules.datetime.timedelta(days=-3, hours=4).days", "-3"),
        ("modules.datetime.timedelta(days=1) * 2", "2 days, 0:00:00"),
        ("2 * modules.datetime.timedelta(hours=3)", "6:00:00"),
        ("modules.datetime.timedelta(days=1) / modules.datetime.timedelta(hours=1)", "24.0"),
        ("modules.datetime.timedelta(days=1) // modules.datetime.timedelta(hours=5)", "4"),
        ("-modules.datetime.timedelta(hours=1)", "-1 day, 23:00:00"),
        ("modules.datetime.timedelta(hours=5) / 2", "2:30:00"),
        ("modules.datetime.timedelta(days=1) - modules.datetime.timedelta(days=2, seconds=1)", "-2 days, 23:59:59"),
        ("modules.datetime.date(2024, 2, 28) + modules.datetime.timedelta(days=2)", "2024-03-01"),
        ("modules.datetime.date(2024, 1, 1) - modules.datetime.timedelta(hours=25)", "2023-12-31"),
        ("modules.datetime.date(2024, 3, 1) - modules.datetime.date(2024, 1, 1)", "60 days, 0:00:00"),
        ("modules.datetime.timedelta(days=3) + modules.datetime.date(2023, 12, 30)", "2024-01-02"),
        ("modules.datetime.datetime(2024, 1, 1) < modules.datetime.datetime(2024, 1, 2)", "True"),
        ("modules.datetime.date(2024, 1, 1) == modules.datetime.date(2024, 1, 1)", "True"),
        ("modules.datetime.datetime(2024, 1, 1) == modules.datetime.date(2024, 1, 1)", "False"),
        ("modules.datetime.timedelta(days=1) > modules.datetime.timedelta(hours=23)", "True"),
        ("modules.datetime.date(2024, 1, 1) >= modules.datetime.date(2024, 1, 2)", "False"),
        (
            "modules.datetime.datetime(2024, 2, 29, 8, 5, 3, 123).strftime('%Y-%m-%d %H:%M:%S.%f %a %A %b %B %j %U %W %w %u %V %G %p %I %y %e %-d %-m %c %x %X %% %Z%z|')",
            "2024-02-29 08:05:03.000123 Thu Thursday Feb February 060 08 09 4 4 09 2024 AM 08 24 29 29 2 Thu Feb 29 08:05:03 2024 02/29/24 08:05:03 % |"
        ),
        (
            "modules.datetime.datetime(2024, 1, 5, 0, 7).strftime('[%_d|%_H|%_M|%-H|%_m|%Q|%_j')",
            "[ 5| 0| 7|0| 1|%Q|  5"
        ),
        (
            "modules.datetime.date(2021, 1, 3).strftime('%G-W%V-%u %U %W %j %D %F %T %R %h')",
            "2020-W53-7 01 00 003 01/03/21 2021-01-03 00:00:00 00:00 Jan"
        ),
        ("modules.datetime.datetime(2024, 1, 1, 5, 6, 7, 8).isoformat()", "2024-01-01T05:06:07.000008"),
        ("modules.datetime.datetime(2024, 1, 1, 5, 6, 7, 8).isoformat(' ')", "2024-01-01 05:06:07.000008"),
        ("modules.datetime.datetime(2024, 1, 1, 5, 6, 7, 8).isoformat(timespec='minutes')", "2024-01-01T05:06"),
        (
            "modules.datetime.datetime(2024, 1, 1, 5, 6, 7, 8).isoformat(timespec='milliseconds')",
            "2024-01-01T05:06:07.000"
        ),
        ("modules.datetime.date(2024, 1, 1).isoformat()", "2024-01-01"),
        ("modules.datetime.datetime(2024, 5, 17, 13, 45).date()", "2024-05-17"),
        ("modules.datetime.datetime(2024, 5, 17, 13, 45).replace(day=1)", "2024-05-01 13:45:00"),
        ("modules.datetime.date(2024, 5, 17).replace(year=2023, month=12)", "2023-12-17"),
        ("modules.datetime.datetime(2024, 5, 17, 13, 45, 9, 10).hour", "13"),
        ("modules.datetime.datetime(2024, 5, 17, 13, 45, 9, 10).microsecond", "10"),
        ("modules.datetime.datetime(2024, 5, 17).weekday()", "4"),
        ("modules.datetime.date(2024, 5, 19).isoweekday()", "7"),
        ("modules.datetime.date(2024, 5, 19).toordinal()", "739025"),
        ("modules.datetime.date.fromordinal(738000)", "2021-07-29"),
        ("modules.datetime.date(2024, 12, 30).isocalendar()[0]", "2025"),
        ("modules.datetime.datetime.strptime('2024-01-05', '%Y-%m-%d')", "2024-01-05 00:00:00"),
        ("modules.datetime.datetime.strptime('05/01/24 10:30 PM', '%d/%m/%y %I:%M %p')", "2024-01-05 22:30:00"),
        (
            "modules.datetime.datetime.strptime('2024-01-05T10:00:00.5+0200', '%Y-%m-%dT%H:%M:%S.%f%z')",
            "2024-01-05 10:00:00.500000+02:00"
        ),
        ("modules.datetime.datetime.strptime('20240105', '%Y%m%d')", "2024-01-05 00:00:00"),
        ("modules.datetime.datetime.strptime('Jan 5 2024', '%b %d %Y')", "2024-01-05 00:00:00"),
        (
            "modules.datetime.datetime.fromisoformat('2024-01-05T10:30:15.123+02:00')",
            "2024-01-05 10:30:15.123000+02:00"
        ),
        ("modules.datetime.date.fromisoformat('2024-01-05')", "2024-01-05"),
        ("run_started_at", "2023-11-14 22:13:20+00:00"),
        ("run_started_at - modules.datetime.timedelta(days=1)", "2023-11-13 22:13:20+00:00"),
        ("run_started_at.isoformat()", "2023-11-14T22:13:20+00:00"),
        ("run_started_at.strftime('%Y-%m-%d %Z')", "2023-11-14 UTC"),
        ("(run_started_at - modules.datetime.timedelta(days=1)).date()", "2023-11-13"),
        ("run_started_at.tzinfo", "UTC"),
        (
            "run_started_at - modules.datetime.datetime(2023, 11, 1, tzinfo=modules.datetime.timezone.utc)",
            "13 days, 22:13:20"
        ),
        (
            "run_started_at.astimezone(modules.datetime.timezone(modules.datetime.timedelta(hours=2)))",
            "2023-11-15 00:13:20+02:00"
        ),
        ("run_started_at.timestamp()", "1700000000.0"),
        ("run_started_at.replace(tzinfo=None)", "2023-11-14 22:13:20"),
        ("run_started_at.replace(tzinfo=None) > modules.datetime.datetime(2023, 1, 1)", "True"),
        ("modules.datetime.timezone.utc", "UTC"),
        ("modules.datetime.timezone(modules.datetime.timedelta(hours=-2, minutes=-30))", "UTC-02:30"),
        (
            "modules.datetime.datetime(2024, 1, 1, tzinfo=modules.datetime.timezone(modules.datetime.timedelta(hours=5, minutes=30)))",
            "2024-01-01 00:00:00+05:30"
        ),
        (
            "modules.datetime.datetime(2024, 1, 1, 23, 59) + modules.datetime.timedelta(seconds=61)",
            "2024-01-02 00:00:01"
        ),
        ("modules.datetime.datetime(2024, 12, 31) + modules.datetime.timedelta(weeks=9)", "2025-03-04 00:00:00"),
    ]

    @Test(arguments: pythonPrints)
    func rendersWhatPythonPrints(expression: String, python: String) throws {
        #expect(try ContextHarness().render("{{ \(expression) }}") == python)
    }

    @Test func sortingAndMaxOrderDates() throws {
        let harness = try ContextHarness()
        let dates =
            "[modules.datetime.date(2024, 3, 1), modules.datetime.date(2023, 12, 31), modules.datetime.date(2024, 1, 15)]"
        #expect(
            try harness.render("{{ \(dates) | sort | join(',') }} {{ \(dates) | max }}")
                == "2023-12-31,2024-01-15,2024-03-01 2024-03-01")
    }

    @Test func clockReadingsAreTodaysAndNaive() throws {
        let harness = try ContextHarness()
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(try harness.render("{{ modules.datetime.datetime.utcnow().year }}") == String(year))
        #expect(try harness.render("{{ modules.datetime.date.today().isoformat() | length }}") == "10")
        #expect(try harness.render("{{ modules.datetime.datetime.now().tzinfo is none }}") == "True")
        #expect(
            try harness.render("{{ modules.datetime.datetime.now(modules.datetime.timezone.utc).tzinfo }}") == "UTC")
        let age = try harness.render(
            "{{ (modules.datetime.datetime.utcnow() - modules.datetime.datetime(2024, 1, 1)).days > 300 }}")
        #expect(age == "True")
    }

    /// (template, code, message, help, the text the error points at: the call or operation, or a keyword's value).
    static let errors: [(String, DiagnosticCode, String, String?, String)] = [
        (
            "{{ modules.datetime.timedelta(dayz=1) }}", .jinjaArguments,
            "timedelta() got an unexpected keyword argument 'dayz'",
            "did you mean 'days'?", "1"
        ),
        (
            "{{ modules.datetime.timedelta(days='1') }}", .jinjaTypeError,
            "unsupported type for timedelta days component: str",
            "give a number, such as timedelta(days=1)", "'1'"
        ),
        (
            "{{ modules.datetime.datetime(2024, 2, 30) }}", .jinjaValueError, "day is out of range for month", nil,
            "modules.datetime.datetime(2024, 2, 30)"
        ),
        (
            "{{ run_started_at - modules.datetime.datetime(2024, 1, 1) }}", .jinjaTypeError,
            "can't subtract offset-naive and offset-aware datetimes", nil,
            "run_started_at - modules.datetime.datetime(2024, 1, 1)"
        ),
        (
            "{{ modules.datetime.date(2024, 1, 1) < modules.datetime.datetime(2024, 1, 1) }}", .jinjaTypeError,
            "can't compare datetime.datetime to datetime.date", nil,
            "modules.datetime.date(2024, 1, 1) < modules.datetime.datetime(2024, 1, 1)"
        ),
        (
            "{{ modules.datetime.date(2024, 1, 1) + modules.datetime.datetime(2024, 1, 1) }}", .jinjaTypeError,
            "unsupported operand type(s) for +: 'datetime.date' and 'datetime.datetime'", nil,
            "modules.datetime.date(2024, 1, 1) + modules.datetime.datetime(2024, 1, 1)"
        ),
        (
            "{{ modules.datetime.datetime.strptime('2024-13-01', '%Y-%m-%d') }}", .jinjaValueError,
            "time data '2024-13-01' does not match format '%Y-%m-%d'", nil,
            "modules.datetime.datetime.strptime('2024-13-01', '%Y-%m-%d')"
        ),
        (
            "{{ modules.datetime.datetime.strptime('2024-01-01x', '%Y-%m-%d') }}", .jinjaValueError,
            "unconverted data remains: x", nil,
            "modules.datetime.datetime.strptime('2024-01-01x', '%Y-%m-%d')"
        ),
        (
            "{{ modules.datetime.date(9999, 12, 31) + modules.datetime.timedelta(days=1) }}", .jinjaArithmetic,
            "date value out of range", nil,
            "modules.datetime.date(9999, 12, 31) + modules.datetime.timedelta(days=1)"
        ),
    ]

    @Test(arguments: errors)
    func errorsArePythonsAndPointAtTheirCause(
        template: String, code: DiagnosticCode, message: String, help: String?, cause: String
    ) throws {
        let harness = try ContextHarness()
        let error = #expect(throws: Diagnostic.self) { try harness.render(template) }
        #expect(error?.code == code)
        #expect(error?.message == message)
        #expect(error?.help == help)
        let start = try #require(template.range(of: cause)).lowerBound.utf16Offset(in: template)
        #expect(error?.primary?.span == SourceSpan(start: start, end: start + cause.utf8.count))
        #expect(error?.primary?.file.path == "models/m.sql")
    }
}
