using System.Text.RegularExpressions;

namespace ServiceUsage.Web.Configuration;

/// <summary>The deployment variables the seed's OpenShift template sets, read and validated once at start-up.</summary>
public sealed partial record PlatformSettings(string? CloudPlatform, Uri? DataFoundryHost, LogLevel MinimumLevel)
{
    public static PlatformSettings Resolve(IConfiguration config)
    {
        var platform = config["CLOUD_PLATFORM"];
        if (!string.IsNullOrEmpty(platform) && !PlatformName().IsMatch(platform))
            throw Fail("CLOUD_PLATFORM", $"must be a short name such as 'dataos' (letters, digits, '-', '_'), not '{platform}'");

        Uri? host = null;
        var hostText = config["DATAFOUNDRY_HOST_ADDR"];
        if (!string.IsNullOrWhiteSpace(hostText))
        {
            // The seed deploys a bare host name; accept it as https.
            var candidate = hostText.Contains("://", StringComparison.Ordinal) ? hostText : "https://" + hostText;
            if (!Uri.TryCreate(candidate.TrimEnd('/'), UriKind.Absolute, out host) || host.Scheme is not ("http" or "https"))
                throw Fail("DATAFOUNDRY_HOST_ADDR", $"must be an http(s) address such as https://dataos.example.com, not '{hostText}'");
        }

        return new(string.IsNullOrEmpty(platform) ? null : platform, host, ParseLogLevel(config["LOG_LEVEL"]));
    }

    public static LogLevel ParseLogLevel(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "info" or "information" => LogLevel.Information,
        "debug" => LogLevel.Debug,
        "trace" => LogLevel.Trace,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw Fail("LOG_LEVEL", $"must be debug, info, warn or error, not '{text}'"),
    };

    private static InvalidOperationException Fail(string variable, string problem) => new($"Configuration error: {variable} {problem}.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex PlatformName();
}
