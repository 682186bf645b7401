namespace ServiceUsage.Domain.Time;

/// <summary>Instants as BILLING.md counts them: UTC, microsecond resolution, durations in whole ticks.</summary>
public static class BillingTime
{
    public const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;
    public const long TicksPerHour = TimeSpan.TicksPerHour;

    /// <summary>UTC kind, truncated to the microsecond the database stores.</summary>
    public static DateTime Normalize(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - utc.Ticks % TicksPerMicrosecond, DateTimeKind.Utc);
    }

    public static DateTime Now(TimeProvider clock) => Normalize(clock.GetUtcNow().UtcDateTime);

    /// <summary>Month k of a prepay order counts from its start; DateTime.AddMonths clamps to the month's last day.</summary>
    public static DateTime AddMonths(DateTime start, int months) => start.AddMonths(months);

    public static DateTime FloorHour(DateTime t) => new(t.Ticks - t.Ticks % TicksPerHour, DateTimeKind.Utc);

    /// <summary>The first whole hour strictly after <paramref name="t"/>.</summary>
    public static DateTime NextHour(DateTime t) => FloorHour(t).AddTicks(TicksPerHour);

    public static long Overlap(DateTime aBegin, DateTime aEnd, DateTime bBegin, DateTime bEnd)
    {
        var begin = aBegin > bBegin ? aBegin : bBegin;
        var end = aEnd < bEnd ? aEnd : bEnd;
        return end > begin ? (end - begin).Ticks : 0;
    }

    public static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    public static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
