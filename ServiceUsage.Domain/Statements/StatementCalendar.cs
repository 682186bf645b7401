using System.Globalization;

namespace ServiceUsage.Domain.Statements;

/// <summary>A calendar month in the statement time zone, as the UTC instants [Begin, End).</summary>
public sealed record StatementMonth(int Year, int Month, DateTime Begin, DateTime End) : IComparable<StatementMonth>
{
    /// <summary><c>2026-11</c>.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    /// <summary><c>202611</c>, as in a statement number.</summary>
    public string Compact => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}{Month:D2}");

    public int CompareTo(StatementMonth? other) => other is null ? 1 : Begin.CompareTo(other.Begin);

    public bool Contains(DateTime utc) => utc >= Begin && utc < End;

    public override string ToString() => Label;
}

/// <summary>
/// Months in the deployment's statement time zone (<c>Billing:StatementTimeZone</c>, BILLING.md "Statements"):
/// with <c>Asia/Shanghai</c>, November is [Oct 31 16:00Z, Nov 30 16:00Z).
/// </summary>
public sealed class StatementCalendar(TimeZoneInfo zone)
{
    public static readonly StatementCalendar Utc = new(TimeZoneInfo.Utc);

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>The IANA name (or the platform's id) of the zone, for documents.</summary>
    public string ZoneName => Zone.Id;

    public static StatementCalendar For(string timeZoneId) => new(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));

    public static bool IsKnownZone(string? timeZoneId) =>
        !string.IsNullOrWhiteSpace(timeZoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _);

    /// <summary>The month in which the UTC instant lies.</summary>
    public StatementMonth Of(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
        return Month(local.Year, local.Month);
    }

    public StatementMonth Month(int year, int month)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new StatementMonth(year, month, StartOfLocalDay(first), StartOfLocalDay(first.AddMonths(1)));
    }

    public StatementMonth Next(StatementMonth month) => Of(month.End);

    public StatementMonth Previous(StatementMonth month) => Of(month.Begin.AddTicks(-1));

    /// <summary>Parses <c>yyyy-MM</c>; false for anything else.</summary>
    public bool TryParse(string? label, out StatementMonth month)
    {
        month = null!;
        if (label is not { Length: 7 } || label[4] != '-'
            || !int.TryParse(label.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(label.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || year is < 1971 or > 8999 || number is < 1 or > 12) return false;
        month = Month(year, number);
        return true;
    }

    /// <summary>A UTC instant as the zone's local time (for documents).</summary>
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    // Midnight may not exist (a clock change at 00:00): the day then starts at the first local instant that does.
    // Where midnight happens twice, the day starts at the first of them.
    private DateTime StartOfLocalDay(DateTime local)
    {
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }
}
