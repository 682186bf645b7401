using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Tests.Webhooks;

/// <summary>Names the tests make point anywhere (and re-point, as DNS rebinding would); any other name does not resolve.</summary>
public sealed class FakeWebhookDns : IWebhookDns
{
    public const string PublicAddress = "93.184.216.34";

    public ConcurrentDictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hooks.public.test"] = [IPAddress.Parse(PublicAddress)],
        ["loopback.test"] = [IPAddress.Loopback],
        ["ten.test"] = [IPAddress.Parse("10.0.0.1")],
        ["metadata.test"] = [IPAddress.Parse("169.254.169.254")],
        ["v6loopback.test"] = [IPAddress.IPv6Loopback],
        ["mixed.test"] = [IPAddress.Parse(PublicAddress), IPAddress.Parse("192.168.1.10")],
    };

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        Names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);
}
