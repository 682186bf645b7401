using System.Globalization;
using System.Text;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Domain.Statements;

/// <summary>
/// A statement's lines as CSV: UTF-8 with a byte order mark (so spreadsheet programs read Chinese plan names right),
/// times in UTC (RFC 3339), money with exactly 4 places, one line per statement line, adjustments last.
/// </summary>
public static class StatementCsv
{
    private const string Header = "statement,section,month,order_id,service_id,plan_id,version_begin_utc,kind,begin_utc,end_utc,hours,quantity,unit_price,amount,usage_id";

    public static byte[] Write(Statement statement)
    {
        var text = new StringBuilder(Header).Append("\r\n");
        foreach (var l in statement.Lines.OrderBy(l => l.Position))
        {
            text.AppendJoin(',', Field(statement.Number ?? ""), EnumNames.ToWire(l.Section), l.Month, l.OrderId, Field(l.ServiceId), Field(l.PlanId),
                Time(l.VersionBeginTime), EnumNames.ToWire(l.Kind), Time(l.BeginTime), Time(l.EndTime),
                l.Hours is { } h ? Money.Format(h) : "", l.Quantity.ToString(CultureInfo.InvariantCulture), Money.Format(l.UnitPrice),
                Money.Format(l.Amount), l.UsageId?.ToString(CultureInfo.InvariantCulture) ?? "").Append("\r\n");
        }
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    // RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet never runs it as a formula.
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
