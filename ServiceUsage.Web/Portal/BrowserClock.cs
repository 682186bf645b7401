using Microsoft.JSInterop;

namespace ServiceUsage.Web.Portal;

/// <summary>The browser's time zone for one circuit, asked once over JS interop; UTC until it answers (or when it cannot).</summary>
public sealed class BrowserClock(IJSRuntime js)
{
    private Task<TimeZoneInfo>? _zone;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public bool Known { get; private set; }

    public async Task<TimeZoneInfo> LoadAsync()
    {
        _zone ??= AskAsync();
        Zone = await _zone;
        Known = true;
        return Zone;
    }

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateTime ToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    private async Task<TimeZoneInfo> AskAsync()
    {
        try
        {
            var id = await js.InvokeAsync<string?>("suPortal.timeZone");
            return id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        }
        catch (JSException)
        {
            return TimeZoneInfo.Utc;
        }
        catch (InvalidOperationException)
        {
            return TimeZoneInfo.Utc; // prerendering: no browser yet
        }
    }
}
