using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Orders;

/// <summary>The answer a POST gave, kept for its Idempotency-Key.</summary>
public sealed record IdempotentAnswer(int Status, string? Location, string? ETag, string Body);

/// <summary>The outcome of claiming a key: the record that already holds it, or none and this request's claim mark.</summary>
public sealed record IdempotencyClaim(IdempotencyRecord? Earlier, DateTime ClaimedAt);

/// <summary>
/// Idempotency-Key for POST. A key is first claimed (a pending row, status 0, on a context of its own and committed
/// at once) so two concurrent requests with one key never both buy. The order and the key's answer are then written
/// in one transaction of the request's context: once the order exists, so does its answer, whatever happens to the
/// connection afterwards. A claim is released only while it is still pending, that is when nothing was written.
/// </summary>
public sealed class IdempotencyStore(IDbContextFactory<ServiceUsageDbContext> factory, ServiceUsageDbContext db, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    public static string Hash(string canonicalRequest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    /// <summary>
    /// Claims the key (Earlier null, ClaimedAt the claim's mark) or returns the record that holds it. A claim left
    /// pending for <see cref="AbandonedAfter"/> (its request died with the database, say) wrote nothing and is taken over.
    /// </summary>
    public async Task<IdempotencyClaim> ClaimAsync(string user, string key, string hash, CancellationToken ct)
    {
        var now = BillingTime.Now(clock);
        await using var claims = await factory.CreateDbContextAsync(ct);
        var existing = await FindAsync(claims, user, key, ct);
        if (existing is { StatusCode: 0 } && existing.CreatedAt < now - AbandonedAfter)
        {
            var taken = await claims.IdempotencyRecords
                .Where(r => r.User == user && r.Key == key && r.StatusCode == 0 && r.CreatedAt == existing.CreatedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now).SetProperty(r => r.RequestHash, hash), ct);
            if (taken == 1) return new(null, now);
            existing = await FindAsync(claims, user, key, ct);
        }
        if (existing is not null) return new(existing, existing.CreatedAt);
        claims.IdempotencyRecords.Add(new IdempotencyRecord
        {
            User = user, Key = key, RequestHash = hash, StatusCode = 0, ResponseBody = "", CreatedAt = now,
        });
        try
        {
            await claims.SaveChangesAsync(ct);
            return new(null, now);
        }
        catch (DbUpdateException)
        {
            // A concurrent request claimed the key first; anything else is a real failure.
            claims.ChangeTracker.Clear();
            var winner = await FindAsync(claims, user, key, ct) ?? throw new InvalidOperationException("The idempotency key could not be claimed.");
            return new(winner, winner.CreatedAt);
        }
    }

    private static Task<IdempotencyRecord?> FindAsync(ServiceUsageDbContext context, string user, string key, CancellationToken ct) =>
        context.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.User == user && r.Key == key, ct);

    /// <summary>
    /// Runs <paramref name="work"/> (which saves through the request's context) and stores its answer for the key in
    /// the same transaction. The commit is never cancelled by the request: a client that goes away after it finds
    /// the answer on its retry; one that goes away before it finds nothing written and the key free again.
    /// </summary>
    public async Task<T> RunOnceAsync<T>(
        string user, string key, DateTime claimedAt, Func<Task<(T Result, IdempotentAnswer Answer)>> work, CancellationToken ct)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var (result, answer) = await work();
                var completed = await Mine(db, user, key, claimedAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, answer.Status).SetProperty(r => r.Location, answer.Location)
                        .SetProperty(r => r.ETag, answer.ETag).SetProperty(r => r.ResponseBody, answer.Body), ct);
                // Only the holder of the claim completes it (one that was taken over rolls back here).
                if (completed != 1) throw InProgress();
                await transaction.CommitAsync(CancellationToken.None);
                return result;
            });
        }
        catch
        {
            await ReleaseAsync(user, key, claimedAt);
            throw;
        }
    }

    /// <summary>Frees a claim that is still pending: the request wrote nothing, so the key may be used again.</summary>
    private async Task ReleaseAsync(string user, string key, DateTime claimedAt)
    {
        await using var claims = await factory.CreateDbContextAsync(CancellationToken.None);
        await Mine(claims, user, key, claimedAt).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>This request's claim, while still pending.</summary>
    private static IQueryable<IdempotencyRecord> Mine(ServiceUsageDbContext context, string user, string key, DateTime claimedAt) =>
        context.IdempotencyRecords.Where(r => r.User == user && r.Key == key && r.StatusCode == 0 && r.CreatedAt == claimedAt);

    public static ApiProblemException InProgress() =>
        new(StatusCodes.Status409Conflict, "Request in progress",
            "A request with this Idempotency-Key is still being processed; retry shortly.", Header);
}
