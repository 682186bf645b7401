using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;

namespace ServiceUsage.Tests.Api;

/// <summary>
/// A client that drops the connection in the middle of a POST and retries with the same Idempotency-Key buys once:
/// cut after the order's rows are written (before the commit), right after the commit, or at a random moment.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyDisconnectTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task Twenty_purchases_cut_off_and_retried_with_their_keys_make_twenty_orders()
    {
        var user = ApiHostFixture.NewUser("cut");
        using var client = await fixture.TenantAsync(user);
        var random = new Random(9);
        var body = new { type = "prepay", planId = "S", quantity = 1, months = 1 };
        var orderIds = new HashSet<string>();
        var cut = new Dictionary<string, int>();

        for (var i = 0; i < 20; i++)
        {
            var key = $"disconnect-{i}";
            var moment = (i % 3) switch { 0 => DisconnectInterceptor.AfterSave, 1 => DisconnectInterceptor.AfterCommit, _ => "random" };
            using (var first = Post(body, key))
            {
                if (moment != "random") first.Headers.Add(DisconnectInterceptor.Header, moment);
                using var cancel = new CancellationTokenSource(moment == "random" ? TimeSpan.FromMilliseconds(random.Next(0, 60)) : TimeSpan.FromSeconds(30));
                try
                {
                    using var answer = await client.SendAsync(first, cancel.Token);
                    cut[moment] = cut.GetValueOrDefault(moment) + (answer.IsSuccessStatusCode ? 0 : 1);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    cut[moment] = cut.GetValueOrDefault(moment) + 1;
                }
            }

            // Retry until the key gives a definite answer (409 while the cut request is still finishing).
            HttpResponseMessage retry = null!;
            for (var attempt = 0; attempt < 50; attempt++)
            {
                retry = await client.SendAsync(Post(body, key));
                if (retry.StatusCode != HttpStatusCode.Conflict) break;
                await Task.Delay(50);
            }
            var created = await ApiAssert.OkAsync(retry, HttpStatusCode.Created);
            var orderId = (string)created["order"]!["orderId"]!;
            orderIds.Add(orderId);
            Assert.Equal($"/usageapi/v1/purchaseorders/{orderId}", retry.Headers.Location?.OriginalString);
            Assert.False(string.IsNullOrEmpty(retry.Headers.ETag?.Tag), "the answer (first or replayed) carries the order's ETag");

            // And once more: now certainly a replay of that same answer.
            var again = await client.SendAsync(Post(body, key));
            Assert.Equal(orderId, (string)(await ApiAssert.OkAsync(again, HttpStatusCode.Created))["order"]!["orderId"]!);
            Assert.True(again.Headers.Contains("Idempotent-Replayed"));
            Assert.Equal(retry.Headers.ETag, again.Headers.ETag);
        }

        Assert.Equal(20, orderIds.Count);
        Assert.Equal(20, await fixture.OrderCountAsync(user));
        Assert.Equal(20, await fixture.QueryAsync(db => db.UsageHistory.CountAsync(u => u.User == user)));
        Assert.Equal(0, await fixture.QueryAsync(db => db.IdempotencyRecords.CountAsync(r => r.User == user && r.StatusCode == 0)));
        // The cuts really happened where they were meant to (the random ones land where they land).
        Assert.Equal(7, cut[DisconnectInterceptor.AfterSave]);
        Assert.Equal(7, cut[DisconnectInterceptor.AfterCommit]);
    }

    private static HttpRequestMessage Post(object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/usageapi/v1/purchaseorders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}

/// <summary>
/// Test-only: aborts the HTTP request (as a dropped connection does) when the order's rows have been saved, or when
/// the transaction has committed, if the request asks for it with <see cref="Header"/>.
/// </summary>
public sealed class DisconnectInterceptor(IHttpContextAccessor http) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public const string Header = "X-Test-Disconnect";
    public const string AfterSave = "after-save";
    public const string AfterCommit = "after-commit";

    public static void AddTo(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<DisconnectInterceptor>();
        services.ConfigureDbContext<ServiceUsageDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<DisconnectInterceptor>()));
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (eventData.Context?.ChangeTracker.Entries<PurchaseOrder>().Any() == true) Abort(AfterSave);
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Abort(AfterCommit);
        return Task.CompletedTask;
    }

    private void Abort(string moment)
    {
        if (http.HttpContext is { } context && context.Request.Headers[Header] == moment) context.Abort();
    }
}
