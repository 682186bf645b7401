using ServiceUsage.Domain.Plans;

namespace ServiceUsage.Web.Api.Plans;

public sealed record PlanVersionResponse(
    string PlanId, DateTime BeginTime, string Name, string ServiceId, string Description, string Unit,
    decimal? MonthlyPrice, decimal? HourlyPrice, bool OnSale)
{
    public static PlanVersionResponse From(PlanVersion v) => new(
        v.PlanId, v.BeginTime, v.Name, v.Details.ServiceId, v.Details.Description, v.Details.Unit,
        v.Details.MonthlyPrice, v.Details.HourlyPrice, v.Details.OnSale);
}

/// <summary>A plan on sale: the version in effect and the versions still to come.</summary>
public sealed record PlanResponse(string PlanId, PlanVersionResponse Current, IReadOnlyList<PlanVersionResponse> Upcoming);

/// <summary>POST /plans/{planId}/versions (with beginTime) and PUT .../versions/{beginTime} (without).</summary>
public sealed record PlanVersionRequest(
    DateTime? BeginTime = null, string? Name = null, string? ServiceId = null, string? Description = null, string? Unit = null,
    decimal? MonthlyPrice = null, decimal? HourlyPrice = null, bool? OnSale = null);
