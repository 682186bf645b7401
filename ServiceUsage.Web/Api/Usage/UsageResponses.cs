namespace ServiceUsage.Web.Api.Usage;

public sealed record AmountResponse(
    string User, string? Order, DateTime StartTime, DateTime EndTime, decimal Amount, decimal Accrued, decimal Total, string Currency);

public sealed record SpeedResponse(string User, string? Order, DateTime Time, decimal Speed, string Per, string Currency);
