using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Billing;

/// <summary>A row's money spread evenly over its time (BILLING.md "amount and speed"). Results are exact, not rounded.</summary>
public static class Proration
{
    /// <summary>PAYMENT × overlap([BEGIN,END), [start,end)) / (END − BEGIN), multiplied before dividing.</summary>
    public static decimal Share(decimal payment, DateTime begin, DateTime end, DateTime start, DateTime stop)
    {
        var overlap = BillingTime.Overlap(begin, end, start, stop);
        if (overlap == 0) return 0m;
        var length = (end - begin).Ticks;
        if (overlap == length) return payment;
        return payment * (overlap / BillingTime.TicksPerMicrosecond) / (length / BillingTime.TicksPerMicrosecond);
    }

    public static decimal Share(UsageRecord row, DateTime start, DateTime stop) =>
        Share(row.Payment, row.BeginTime, row.EndTime, start, stop);

    /// <summary>Exact sum of the rows' shares of [start, stop).</summary>
    public static decimal Sum(IEnumerable<UsageRecord> rows, DateTime start, DateTime stop) =>
        rows.Sum(r => Share(r, start, stop));

    /// <summary>A row's spend per hour: PAYMENT / (row length in hours).</summary>
    public static decimal HourlyRate(decimal payment, DateTime begin, DateTime end) =>
        payment * (BillingTime.TicksPerHour / BillingTime.TicksPerMicrosecond) / ((end - begin).Ticks / BillingTime.TicksPerMicrosecond);
}
