using ServiceUsage.Domain.Time;

namespace ServiceUsage.Web.Portal;

/// <summary>
/// The one time-zone rule of the portal: every time a page shows, every date picker and every local bucket is in the
/// tenant's zone, the browser's. The portal's script remembers it in a cookie on every page (the sign-in page included),
/// <c>App</c> hands it to the circuit, so it is known before the first query and the same link gives the same result
/// however it was reached. Storage and the API stay UTC. One per circuit (scoped).
/// </summary>
public sealed class TenantTimeZone
{
    public const string CookieName = "su-tz";

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Whether the browser told us (else UTC until it does).</summary>
    public bool Known { get; private set; }

    /// <summary>Takes the zone the browser reported (an IANA id such as Asia/Shanghai); unknown ids mean UTC.</summary>
    public void Use(string? id)
    {
        Zone = LocalZone.Find(id);
        Known = !string.IsNullOrEmpty(id);
    }

    public DateTime ToLocal(DateTime utc) => LocalZone.ToLocal(utc, Zone);

    public DateTime ToUtc(DateTime local) => LocalZone.ToUtc(local, Zone);

    /// <summary>"Asia/Shanghai (UTC+8)" at <paramref name="utc"/>: how pages name the zone their times are in.</summary>
    public string Describe(DateTime utc) => Zone == TimeZoneInfo.Utc ? "UTC" : $"{Zone.Id} ({LocalZone.OffsetLabel(Zone, utc)})";
}
