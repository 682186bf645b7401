using System.Diagnostics.Metrics;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Operations;

/// <summary>The project's own instruments (meter <c>ServiceUsage</c>), exported at /metrics.</summary>
public sealed class BillingMetrics : IDisposable
{
    public const string MeterName = "ServiceUsage";

    private readonly Meter _meter;
    private readonly Counter<long> _charges;
    private readonly Counter<double> _money;
    private readonly Histogram<double> _runDuration;
    private readonly Counter<long> _apiErrors;

    public BillingMetrics(IMeterFactory meters, OrderStatusGauge orders)
    {
        _meter = meters.Create(MeterName);
        _charges = _meter.CreateCounter<long>("serviceusage.charges.written", "{row}", "Ledger rows written by the billing jobs");
        _money = _meter.CreateCounter<double>("serviceusage.money.charged", "{currency}", "Money charged by the billing jobs");
        _runDuration = _meter.CreateHistogram<double>("serviceusage.billing.run.duration", "s", "Duration of billing job runs");
        _apiErrors = _meter.CreateCounter<long>("serviceusage.api.errors", "{response}", "API responses with a 4xx or 5xx status, by endpoint");
        _meter.CreateObservableGauge("serviceusage.orders", orders.Observe, "{order}", "Orders by type and status");
    }

    public void RecordRun(string job, ChargeResult result, TimeSpan duration, bool failed)
    {
        var tags = new KeyValuePair<string, object?>[] { new("job", job), new("outcome", failed ? "failed" : "ok") };
        _runDuration.Record(duration.TotalSeconds, tags);
        // The statements job writes statements, not ledger rows: its run record counts them, these counters do not.
        if (job == Jobs.JobIds.Statements) return;
        if (result.RowsCharged > 0) _charges.Add(result.RowsCharged, new KeyValuePair<string, object?>("job", job));
        if (result.MoneyCharged != 0) _money.Add((double)result.MoneyCharged, new KeyValuePair<string, object?>("job", job));
    }

    public void RecordApiError(string endpoint, int status) =>
        _apiErrors.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("status", status));

    public void Dispose() => _meter.Dispose();
}
