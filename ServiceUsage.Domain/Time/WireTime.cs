using System.Globalization;

namespace ServiceUsage.Domain.Time;

/// <summary>Times on the wire (BILLING.md "Units"): RFC 3339 with an offset (converted to UTC) or Unix seconds; no offset is refused.</summary>
public static class WireTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'";
    private static readonly DateTime MinTime = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MaxTime = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static bool TryParse(string? text, out DateTime value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return false;
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0 || seconds > 253_402_300_799L) return false;
            value = DateTime.UnixEpoch.AddSeconds(seconds);
            return value < MaxTime;
        }
        // RFC 3339 needs 'T', seconds and an offset ('Z' or ±hh:mm).
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') ||
            (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        if (!hasOffset || text.Length < 20 || (text[10] != 'T' && text[10] != 't')) return false;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        value = BillingTime.Normalize(parsed.UtcDateTime);
        return value >= MinTime && value < MaxTime;
    }

    public static string Format(DateTime value) =>
        BillingTime.Normalize(value).ToString(Pattern, CultureInfo.InvariantCulture);
}
