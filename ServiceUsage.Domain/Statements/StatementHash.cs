using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Domain.Statements;

/// <summary>
/// The content hash stored with a closed statement: SHA-256 of a canonical JSON of its header and lines (money with
/// 4 places, times in UTC to the microsecond), so a copy, a PDF or the database row can be checked against it.
/// </summary>
public static class StatementHash
{
    public static string Compute(Statement s)
    {
        var canonical = new
        {
            v = 1,
            number = s.Number,
            user = s.User,
            month = s.Month,
            begin = Time(s.PeriodBegin),
            end = Time(s.PeriodEnd),
            currency = s.Currency,
            charged = Money.Format(s.Charged),
            consumed = Money.Format(s.Consumed),
            closedAt = s.ClosedAt is { } c ? Time(c) : null,
            lastUsageId = s.LastUsageId,
            lines = s.Lines.OrderBy(l => l.Position).Select(l => new object?[]
            {
                l.Position, EnumNames.ToWire(l.Section), l.Month, l.OrderId, l.ServiceId, l.PlanId, Time(l.VersionBeginTime),
                Money.Format(l.UnitPrice), l.Quantity, EnumNames.ToWire(l.Kind), Time(l.BeginTime), Time(l.EndTime),
                l.Hours is { } h ? Money.Format(h) : null, l.RowCount, Money.Format(l.Amount), l.UsageId,
            }),
        };
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(canonical)));
        return Convert.ToHexStringLower(bytes);
    }

    public static bool Verify(Statement s) => s.ContentHash == Compute(s);

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
