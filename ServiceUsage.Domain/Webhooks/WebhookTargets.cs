using System.Net;
using System.Net.Sockets;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>Resolves a host name to addresses (a seam, so tests can make a name point anywhere).</summary>
public interface IWebhookDns
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

public sealed class SystemWebhookDns : IWebhookDns
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>
/// Which targets a webhook may reach. A tenant's endpoint is https to a public address only: never loopback, private,
/// carrier-grade NAT, link-local (cloud metadata lives at 169.254.169.254), multicast or reserved ranges, also when
/// written as IPv4-mapped or NAT64 IPv6. The check runs on the resolved addresses, at registration and again at every
/// connection (<see cref="WebhookHttp"/> connects to the address it checked).
/// </summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 500;

    private static readonly IPNetwork[] Blocked = [.. new[]
    {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001:db8::/32",
    }.Select(IPNetwork.Parse)];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
            address = new IPAddress(address.GetAddressBytes()[12..]);
        return !Blocked.Any(n => n.Contains(address));
    }

    /// <summary>
    /// The URL as it will be stored, or a <see cref="WebhookException"/> naming <paramref name="field"/>. Syntax only;
    /// <see cref="CheckAddressesAsync"/> looks at where it points.
    /// </summary>
    public static Uri ParseUrl(string? url, bool trusted, string field = "url")
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            throw Invalid(field, $"{field} must be an absolute URL of at most {MaxUrlLength} characters.");
        if (uri.Scheme != Uri.UriSchemeHttps && !(trusted && uri.Scheme == Uri.UriSchemeHttp))
            throw Invalid(field, $"{field} must use https.");
        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
            throw Invalid(field, $"{field} may not hold credentials or a fragment.");
        return uri;
    }

    /// <summary>Resolves the URL's host and refuses it when any address it gives is not public.</summary>
    public static async Task CheckAddressesAsync(Uri uri, IWebhookDns dns, string field = "url", CancellationToken ct = default)
    {
        var addresses = await ResolveAsync(uri.IdnHost, dns, ct);
        if (addresses.Length == 0)
            throw new WebhookException(WebhookError.UnsafeTarget, $"{field}: the host '{uri.Host}' does not resolve.", field);
        if (addresses.FirstOrDefault(a => !IsPublic(a)) is { } bad)
            throw new WebhookException(WebhookError.UnsafeTarget,
                $"{field}: the host resolves to {bad}, a loopback, private, link-local or reserved address; webhooks go to public addresses only.", field);
    }

    /// <summary>An IP literal as itself; a name through DNS (no addresses when it does not resolve).</summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, IWebhookDns dns, CancellationToken ct)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) return [literal];
        try
        {
            return await dns.ResolveAsync(host, ct);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private static WebhookException Invalid(string field, string message) => new(WebhookError.Invalid, message, field);
}
