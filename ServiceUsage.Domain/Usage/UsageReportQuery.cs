using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Usage;

/// <summary>What the usage page asks for: a wall-clock range of a tenant's zone, its buckets and split.</summary>
public sealed record UsageRequest(string User, DateTime FromDate, DateTime ToDate, UsageGranularity Granularity, UsageSplit Split, TimeZoneInfo Zone)
{
    /// <summary>The range's UTC instants: from the start of <see cref="FromDate"/> to the end of <see cref="ToDate"/>, local days.</summary>
    public (DateTime From, DateTime To) Instants => (LocalZone.ToUtc(FromDate.Date, Zone), LocalZone.ToUtc(ToDate.Date.AddDays(1), Zone));
}

/// <summary>Spend per hour at an instant (shown at its local time).</summary>
public sealed record SpeedPoint(DateTime Local, decimal Speed);

/// <summary>
/// Charged per bucket (rows by BEGIN_TIME), the charged and consumed totals of the range, and speed samples at bucket
/// starts (at most <see cref="UsageReportQuery.MaxSpeedSamples"/>, none in the future).
/// </summary>
public sealed record UsageReport(
    UsageRequest Request, IReadOnlyList<UsagePoint> Charged, decimal ChargedTotal, AmountResult Consumed, IReadOnlyList<SpeedPoint> Speed);

/// <summary>The usage page's one call per refresh: a constant number of queries whatever the range (measured in tests).</summary>
public sealed class UsageReportQuery(UsageQueries usage, UsageSeries series, TimeProvider clock)
{
    public const int MaxSpeedSamples = 31;

    public async Task<UsageReport> GetAsync(UsageRequest request, CancellationToken ct = default)
    {
        var (from, to) = request.Instants;
        var points = await series.QueryAsync(request.User, from, to, request.Granularity, request.Split, request.Zone, ct);
        var charged = points.Sum(p => p.Amount); // the series is the charged money of the range, bucket by bucket
        var consumed = await usage.AmountAsync(request.User, null, from, to, ct);

        var now = BillingTime.Now(clock);
        var starts = UsageSeries.Buckets(request.FromDate.Date, request.ToDate.Date.AddDays(1), request.Granularity)
            .Select(local => (Local: local, Utc: LocalZone.ToUtc(local, request.Zone))).Where(b => b.Utc <= now).ToList();
        var step = Math.Max(1, (int)Math.Ceiling(starts.Count / (double)MaxSpeedSamples));
        var samples = starts.Where((_, i) => i % step == 0).ToList();
        var speeds = await usage.SpeedsAsync(request.User, null, samples.Select(s => s.Utc).ToList(), ct);
        return new UsageReport(request, points, charged, consumed, samples.Select((s, i) => new SpeedPoint(s.Local, speeds[i])).ToList());
    }
}
