using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using ServiceUsage.Domain.Orders;

namespace ServiceUsage.Web.Auth;

/// <summary>The user behind a DataFoundry (OpenShift) token: <c>Unavailable</c> when the platform could not answer.</summary>
public readonly record struct DataFoundryLookup(string? User, bool Unavailable);

/// <summary>Asks <c>GET {host}/oapi/v1/users/~</c> who a token belongs to; answers are cached for at most 60 s.</summary>
public sealed partial class DataFoundryUsers(IHttpClientFactory clients, IMemoryCache cache, ILogger<DataFoundryUsers> logger)
{
    public const string ClientName = "DataFoundry";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);

    public async Task<DataFoundryLookup> FindUserAsync(Uri host, string token, CancellationToken ct)
    {
        // Keyed by a hash: the cache never holds a usable secret.
        var key = "df:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (cache.TryGetValue(key, out string? cached)) return new(cached, false);

        var client = clients.CreateClient(ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host, "/oapi/v1/users/~"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await client.SendAsync(request, ct);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                cache.Set(key, (string?)null, CacheFor);
                return new(null, false);
            }
            if (!response.IsSuccessStatusCode)
            {
                LogUnavailable(logger, (int)response.StatusCode);
                return new(null, true);
            }
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct);
            var name = json.RootElement.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("name", out var n)
                && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (name is null)
            {
                LogUnavailable(logger, (int)response.StatusCode);
                return new(null, true);
            }
            // A name that cannot be a user here (too long, control characters, surrounding white space) is no user.
            if (InputRules.UserError(name) is not null)
            {
                LogUnusableName(logger);
                cache.Set(key, (string?)null, CacheFor);
                return new(null, false);
            }
            cache.Set(key, name, CacheFor);
            return new(name, false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            LogUnreachable(logger, ex.GetType().Name);
            return new(null, true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DataFoundry user lookup answered {Status}")]
    private static partial void LogUnavailable(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DataFoundry named a user that cannot be one here (see InputRules.UserError); refused")]
    private static partial void LogUnusableName(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DataFoundry user lookup failed: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string error);
}
