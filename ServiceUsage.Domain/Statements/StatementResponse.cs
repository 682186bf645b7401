using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Domain.Statements;

/// <summary>GET /statements/{number}: the closed statement as stored, and the <c>data</c> of its <c>statement.closed</c> event.</summary>
public sealed record StatementResponse(
    string Number, string User, string Month, DateTime PeriodBegin, DateTime PeriodEnd, string Currency, decimal Charged, decimal Consumed,
    DateTime? ClosedAt, string ContentHash, IReadOnlyList<StatementLineResponse> Lines, IReadOnlyList<StatementLineResponse> Adjustments)
{
    public static StatementResponse From(Statement s) => new(
        s.Number!, s.User, s.Month, s.PeriodBegin, s.PeriodEnd, s.Currency, Money.WithScale(s.Charged), Money.WithScale(s.Consumed), s.ClosedAt,
        s.ContentHash, s.MonthLines.Select(StatementLineResponse.From).ToList(), s.Adjustments.Select(StatementLineResponse.From).ToList());
}

/// <summary>A line; <c>month</c> is the month its rows belong to (an earlier one for adjustments); <c>hours</c> only for usage.</summary>
public sealed record StatementLineResponse(
    string OrderId, string ServiceId, string PlanId, DateTime Version, string Kind, DateTime Begin, DateTime End, decimal? Hours,
    int Quantity, decimal UnitPrice, decimal Amount, string Month)
{
    public static StatementLineResponse From(StatementLine l) => new(
        l.OrderId, l.ServiceId, l.PlanId, l.VersionBeginTime, EnumNames.ToWire(l.Kind), l.BeginTime, l.EndTime,
        l.Hours is { } h ? Money.WithScale(h) : null, l.Quantity, Money.WithScale(l.UnitPrice), Money.WithScale(l.Amount), l.Month);
}
