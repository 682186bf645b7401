using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>
/// The HTTP clients deliveries go through. The guarded one resolves the host itself, checks every address
/// (<see cref="WebhookTargets.IsPublic"/>) and connects to the address it checked, so a name that changes its answer
/// between the check and the connection (DNS rebinding) cannot reach a private address. The trusted one serves admins'
/// endpoints when <see cref="WebhookOptions.AllowPrivateTargets"/> is on. Separate pools: a connection to an internal
/// host is never reused for a tenant's request. No proxy, no redirects.
/// </summary>
public sealed class WebhookHttp : IDisposable
{
    public HttpClient Guarded { get; }
    public HttpClient Trusted { get; }

    public WebhookHttp(IWebhookDns dns, IOptions<WebhookOptions> options)
    {
        Guarded = Create(dns, guard: true, options.Value.Timeout);
        Trusted = options.Value.AllowPrivateTargets ? Create(dns, guard: false, options.Value.Timeout) : Guarded;
    }

    public HttpClient For(WebhookEndpoint endpoint, WebhookOptions options) =>
        endpoint.Owner is null && options.AllowPrivateTargets ? Trusted : Guarded;

    private static HttpClient Create(IWebhookDns dns, bool guard, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, ct) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = await WebhookTargets.ResolveAsync(host, dns, ct);
                if (addresses.Length == 0) throw new WebhookTargetRefusedException($"the host '{host}' does not resolve");
                if (guard && addresses.FirstOrDefault(a => !WebhookTargets.IsPublic(a)) is { } bad)
                    throw new WebhookTargetRefusedException($"the host '{host}' resolves to {bad}, which is not a public address");
                SocketException? last = null;
                foreach (var address in addresses)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch (SocketException ex)
                    {
                        socket.Dispose();
                        last = ex;
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                }
                throw last!;
            },
        };
        return new HttpClient(handler) { Timeout = timeout };
    }

    public void Dispose()
    {
        Guarded.Dispose();
        if (!ReferenceEquals(Trusted, Guarded)) Trusted.Dispose();
    }
}

/// <summary>A delivery that was not sent because its target is not allowed (it counts as a failed attempt).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
