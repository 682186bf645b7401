using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Statements;

namespace ServiceUsage.Web.Api.Statements;

/// <summary>GET /statements: closed statements and, with <c>number: null</c>, months not closed yet (not final).</summary>
public sealed record StatementListResponse(IReadOnlyList<StatementItemResponse> Items);

public sealed record StatementItemResponse(string? Number, string User, string Month, decimal Charged, decimal Consumed, string Currency, DateTime? ClosedAt)
{
    public static StatementItemResponse From(StatementSummary s) =>
        new(s.Number, s.User, s.Month, Money.WithScale(s.Charged), Money.WithScale(s.Consumed), s.Currency, s.ClosedAt);
}
