using System.Diagnostics.Metrics;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Operations;

/// <summary>The project's own instruments (meter <c>ServiceUsage</c>), exported at /metrics.</summary>
public sealed class BillingMetrics : IBillingRunObserver, IDisposable
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

    /// <summary>Counts follow what each batch committed, so an interrupted run counts exactly what it wrote.</summary>
    public void BatchCommitted(string job, ChargeResult batch)
    {
        if (batch.RowsCharged > 0) _charges.Add(batch.RowsCharged, new KeyValuePair<string, object?>("job", job));
        if (batch.MoneyCharged != 0) _money.Add((double)batch.MoneyCharged, new KeyValuePair<string, object?>("job", job));
    }

    public void RunEnded(string job, BillingRunOutcome outcome, TimeSpan duration) =>
        _runDuration.Record(duration.TotalSeconds, new("job", job), new("outcome", EnumNames.ToWire(outcome)));

    public void RecordApiError(string endpoint, int status) =>
        _apiErrors.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("status", status));

    public void Dispose() => _meter.Dispose();
}
