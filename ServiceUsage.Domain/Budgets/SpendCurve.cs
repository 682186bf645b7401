using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Budgets;

/// <summary>
/// Spend over time as a piecewise linear function: each piece of money spread evenly over its time, as speed says
/// (a row over its period, postpay time at the hourly price of each version). Exact: no sampling; the instant a sum is
/// reached is solved inside the piece where it happens.
/// </summary>
internal sealed class SpendCurve
{
    private readonly List<(long At, decimal PerHour, decimal Lump)> _events = [];
    private bool _sorted;

    /// <summary>A row's money spread over [begin, end), counted only inside [from, to).</summary>
    public void AddSpan(DateTime begin, DateTime end, decimal payment, DateTime from, DateTime to)
    {
        if (payment == 0m || end <= begin) return;
        AddRate(BillingTime.Max(begin, from), BillingTime.Min(end, to), Proration.HourlyRate(payment, begin, end));
    }

    /// <summary>Postpay time of <paramref name="quantity"/> units over [from, to) at each version's hourly price.</summary>
    public void AddPostpay(PlanHistory plan, int quantity, DateTime from, DateTime to)
    {
        var versions = plan.Versions;
        for (var i = 0; i < versions.Count; i++)
        {
            var end = i + 1 < versions.Count ? versions[i + 1].BeginTime : DateTime.MaxValue;
            AddRate(BillingTime.Max(versions[i].BeginTime, from), BillingTime.Min(end, to), (versions[i].Details.HourlyPrice ?? 0m) * quantity);
        }
    }

    /// <summary>Money counted at one instant (a renewal the job has not written yet, for the time before now).</summary>
    public void AddLump(DateTime at, decimal amount)
    {
        if (amount != 0m) Add(at.Ticks, 0m, amount);
    }

    private void AddRate(DateTime begin, DateTime end, decimal perHour)
    {
        if (end <= begin || perHour == 0m) return;
        Add(begin.Ticks, perHour, 0m);
        Add(end.Ticks, -perHour, 0m);
    }

    private void Add(long at, decimal perHour, decimal lump)
    {
        _events.Add((at, perHour, lump));
        _sorted = false;
    }

    /// <summary>
    /// The first instant in [from, to) at which <paramref name="start"/> (the sum at <paramref name="from"/>) plus the
    /// curve reaches <paramref name="target"/>, to the second (the second at or after the exact instant); null if it does not.
    /// </summary>
    public DateTime? FirstReach(DateTime from, DateTime to, decimal start, decimal target)
    {
        if (start >= target) return from;
        foreach (var (begin, end, value, rate) in Pieces(from, to, start))
        {
            if (value >= target) return begin;
            if (rate <= 0m) continue;
            var reach = value + rate * (end - begin).Ticks / BillingTime.TicksPerHour;
            if (reach < target) continue;
            // Multiply before dividing; the exact tick rounded to the microsecond, then up to the whole second.
            var ticks = (long)Math.Round((target - value) * BillingTime.TicksPerHour / rate / BillingTime.TicksPerMicrosecond,
                MidpointRounding.AwayFromZero) * BillingTime.TicksPerMicrosecond;
            var at = begin.Ticks + ticks;
            var up = at % TimeSpan.TicksPerSecond == 0 ? at : at - at % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond;
            return new DateTime(Math.Min(up, to.Ticks), DateTimeKind.Utc);
        }
        return null;
    }

    /// <summary>The sum at each instant of <paramref name="instants"/> (ascending, inside [from, to]).</summary>
    public decimal[] ValuesAt(DateTime from, DateTime to, decimal start, IReadOnlyList<DateTime> instants)
    {
        var values = new decimal[instants.Count];
        var i = 0;
        foreach (var (begin, end, value, rate) in Pieces(from, to, start))
            for (; i < instants.Count && instants[i] < end; i++)
                values[i] = value + rate * (BillingTime.Max(instants[i], begin) - begin).Ticks / BillingTime.TicksPerHour;
        for (; i < instants.Count; i++) values[i] = End(from, to, start);
        return values;
    }

    /// <summary>The sum at <paramref name="to"/>.</summary>
    public decimal End(DateTime from, DateTime to, decimal start)
    {
        var total = start;
        foreach (var (begin, end, value, rate) in Pieces(from, to, start))
            total = value + rate * (end - begin).Ticks / BillingTime.TicksPerHour;
        return total;
    }

    /// <summary>[begin, end) pieces of constant rate (per hour), with the sum at their beginning.</summary>
    private IEnumerable<(DateTime Begin, DateTime End, decimal Value, decimal Rate)> Pieces(DateTime from, DateTime to, decimal start)
    {
        if (!_sorted)
        {
            _events.Sort((a, b) => a.At.CompareTo(b.At));
            _sorted = true;
        }
        var (value, rate, t, i) = (start, 0m, from.Ticks, 0);
        while (t < to.Ticks)
        {
            for (; i < _events.Count && _events[i].At <= t; i++)
            {
                rate += _events[i].PerHour;
                value += _events[i].Lump;
            }
            var next = i < _events.Count ? Math.Min(_events[i].At, to.Ticks) : to.Ticks;
            yield return (new DateTime(t, DateTimeKind.Utc), new DateTime(next, DateTimeKind.Utc), value, rate);
            value += rate * (next - t) / BillingTime.TicksPerHour;
            t = next;
        }
    }
}
