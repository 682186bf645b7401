namespace ServiceUsage.Domain.Plans;

/// <summary>One row of DF_PLAN_DETAILS: a version of a plan, in effect from <see cref="BeginTime"/>.</summary>
public sealed class PlanVersion
{
    public long Id { get; set; }
    public required string PlanId { get; set; }
    public DateTime BeginTime { get; set; }
    public required string Name { get; set; }
    public required PlanDetails Details { get; set; }

    public string ServiceId => Details.ServiceId;

    public decimal? PriceFor(OrderType type) =>
        type == OrderType.Prepay ? Details.MonthlyPrice : Details.HourlyPrice;
}

/// <summary>The DETAILS JSON of a plan version (BILLING.md "Plans").</summary>
public sealed record PlanDetails
{
    public required string ServiceId { get; init; }
    public string Description { get; init; } = "";
    public string Unit { get; init; } = "instance";
    public decimal? MonthlyPrice { get; init; }
    public decimal? HourlyPrice { get; init; }
    public bool OnSale { get; init; } = true;
}
