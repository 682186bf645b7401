using ServiceUsage.Domain.Data;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>Creates a delivery for every newly sequenced event an endpoint wants (filled in once the outbox lands).</summary>
public sealed class WebhookFanOut
{
    public Task<int> RunAsync(CancellationToken ct) => Task.FromResult(0);

    public static Task<long> LastSequenceAsync(ServiceUsageDbContext db, CancellationToken ct) => Task.FromResult(0L);
}

internal static class WebhookPayloads
{
    public static Task<Dictionary<string, byte[]>> LoadAsync(ServiceUsageDbContext db, IReadOnlyList<string> eventIds, CancellationToken ct) =>
        Task.FromResult(new Dictionary<string, byte[]>());
}

internal static class WebhookNotices
{
    public static Task DisabledAsync(ServiceUsageDbContext db, WebhookEndpoint endpoint, CancellationToken ct) => Task.CompletedTask;
}
