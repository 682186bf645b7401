using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Domain.Plans;

/// <summary>Every version of one plan, oldest first: answers "which version is in effect at t".</summary>
public sealed class PlanHistory
{
    private readonly PlanVersion[] _versions;

    public PlanHistory(string planId, IEnumerable<PlanVersion> versions)
    {
        PlanId = planId;
        _versions = versions.Where(v => v.PlanId == planId).OrderBy(v => v.BeginTime).ToArray();
    }

    public string PlanId { get; }

    public IReadOnlyList<PlanVersion> Versions => _versions;

    /// <summary>The row with the greatest BEGIN_TIME &lt;= t, or null when the plan is not for sale yet.</summary>
    public PlanVersion? At(DateTime t)
    {
        PlanVersion? found = null;
        foreach (var version in _versions)
        {
            if (version.BeginTime > t) break;
            found = version;
        }
        return found;
    }

    /// <summary>The version a new purchase or upgrade of <paramref name="type"/> may use at t, or why not.</summary>
    public PlanVersion ForSale(OrderType type, DateTime t)
    {
        var version = At(t) ?? throw new BillingException(BillingError.NotForSale, $"Plan '{PlanId}' has no version in effect yet.", "planId");
        if (!version.Details.OnSale)
            throw new BillingException(BillingError.NotForSale, $"Plan '{PlanId}' is not on sale.", "planId");
        if (version.PriceFor(type) is null)
            throw new BillingException(BillingError.NotForSale, $"Plan '{PlanId}' is not sold as {EnumNames.ToWire(type)}.", "planId");
        return version;
    }

    /// <summary>
    /// Postpay cost of [from, to): quantity × Σ(hourlyPrice × overlap) / 1 h, one division at the end,
    /// rounded once (BILLING.md "Postpay"). Also returns the versions that applied.
    /// </summary>
    public (decimal Payment, PlanVersion First, IReadOnlyList<PlanVersion> Applied) PostpayCost(int quantity, DateTime from, DateTime to)
    {
        decimal weighted = 0m;
        var applied = new List<PlanVersion>(1);
        for (var i = 0; i < _versions.Length; i++)
        {
            var begin = _versions[i].BeginTime;
            var end = i + 1 < _versions.Length ? _versions[i + 1].BeginTime : DateTime.MaxValue;
            var overlap = Time.BillingTime.Overlap(begin, end, from, to);
            if (overlap == 0) continue;
            var price = _versions[i].Details.HourlyPrice
                ?? throw new InvalidOperationException($"Plan '{PlanId}' version {begin:O} has no hourly price.");
            weighted += price * (overlap / Time.BillingTime.TicksPerMicrosecond);
            applied.Add(_versions[i]);
        }
        if (applied.Count == 0)
            throw new InvalidOperationException($"Plan '{PlanId}' has no version in effect during [{from:O}, {to:O}).");
        var payment = Money.Round(quantity * weighted / (Time.BillingTime.TicksPerHour / Time.BillingTime.TicksPerMicrosecond));
        return (payment, applied[0], applied);
    }

    /// <summary>Hourly spend of one unit at t (postpay speed).</summary>
    public decimal HourlyPriceAt(DateTime t) => At(t)?.Details.HourlyPrice ?? 0m;
}
