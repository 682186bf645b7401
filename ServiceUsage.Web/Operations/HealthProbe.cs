namespace ServiceUsage.Web.Operations;

/// <summary>
/// <c>dotnet ServiceUsage.Web.dll --healthcheck</c>: the container's HEALTHCHECK (the runtime image has no curl).
/// Exits 0 when /healthz/live answers 200 on the local port.
/// </summary>
public static class HealthProbe
{
    public static bool Requested(string[] args) => args.Length > 0 && args[0] == "--healthcheck";

    public static async Task<int> RunAsync()
    {
        var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080").Split(';', ',')[0].Trim();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{port}/healthz/live");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
