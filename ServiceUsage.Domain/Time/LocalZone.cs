namespace ServiceUsage.Domain.Time;

/// <summary>
/// Wall-clock time in a tenant's zone, for pages and their buckets (storage and the API stay UTC). A zone's offset
/// changes only at its transitions (daylight saving), so a range is a few spans of one fixed offset each.
/// </summary>
public static class LocalZone
{
    /// <summary>An IANA (or Windows) zone id, UTC when unknown or empty.</summary>
    public static TimeZoneInfo Find(string? id) =>
        id is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone), DateTimeKind.Unspecified);

    /// <summary>The instant of a wall-clock time; a time skipped by a change to summer time counts from the change.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>"UTC+8", "UTC-3:30", or "UTC" at <paramref name="utc"/>.</summary>
    public static string OffsetLabel(TimeZoneInfo zone, DateTime utc)
    {
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        if (offset == TimeSpan.Zero) return "UTC";
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0 ? $"UTC{sign}{abs.Hours}" : $"UTC{sign}{abs.Hours}:{abs.Minutes:00}";
    }

    /// <summary>The zone's offsets over [from, to): each span's UTC start and offset, holding until the next span.</summary>
    public static IReadOnlyList<(DateTime Start, TimeSpan Offset)> Offsets(TimeZoneInfo zone, DateTime from, DateTime to)
    {
        var spans = new List<(DateTime Start, TimeSpan Offset)> { (from, Offset(zone, from)) };
        for (var t = from; t < to;)
        {
            var next = t.AddDays(1) < to ? t.AddDays(1) : to;
            var last = next == to ? to.AddTicks(-1) : next; // the last instant of (t, next] inside the range
            if (Offset(zone, last) == spans[^1].Offset)
            {
                t = next;
                continue;
            }
            // Zones change offset on a whole second: halve (t, last] down to one second, then take that second.
            long lo = t.Ticks, hi = last.Ticks;
            while (hi - lo > TimeSpan.TicksPerSecond)
            {
                var mid = lo + (hi - lo) / 2;
                if (Offset(zone, new DateTime(mid, DateTimeKind.Utc)) == spans[^1].Offset) lo = mid; else hi = mid;
            }
            t = new DateTime(lo - lo % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            spans.Add((t, Offset(zone, t)));
        }
        return spans;
    }

    private static TimeSpan Offset(TimeZoneInfo zone, DateTime utc) => zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
