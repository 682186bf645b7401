using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Orders;

/// <summary>
/// Idempotency-Key for POST: a key is claimed (a pending row, status 0) before the order is made, so two
/// concurrent requests with one key never both buy. Uses its own context: the order's transaction stays separate.
/// </summary>
public sealed class IdempotencyStore(IDbContextFactory<ServiceUsageDbContext> factory, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 100;

    public static string CheckKey(string key) => ApiInput.CheckText(key, Header, MaxKeyLength);

    public static string Hash(string canonicalRequest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    /// <summary>Claims the key and returns null, or returns the record that already holds it.</summary>
    public async Task<IdempotencyRecord?> ClaimAsync(string user, string key, string hash, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.User == user && r.Key == key, ct);
        if (existing is not null) return existing;
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            User = user, Key = key, RequestHash = hash, StatusCode = 0, ResponseBody = "", CreatedAt = BillingTime.Now(clock),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            // A concurrent request claimed the key first; anything else is a real failure.
            return await FindAsync(user, key, ct) ?? throw new InvalidOperationException("The idempotency key could not be claimed.");
        }
    }

    private async Task<IdempotencyRecord?> FindAsync(string user, string key, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.User == user && r.Key == key, ct);
    }

    public async Task CompleteAsync(string user, string key, int status, string? location, string body, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.IdempotencyRecords.Where(r => r.User == user && r.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, status).SetProperty(r => r.Location, location)
                .SetProperty(r => r.ResponseBody, body), ct);
    }

    /// <summary>The request was refused: nothing was bought, so the key may be used again.</summary>
    public async Task ReleaseAsync(string user, string key)
    {
        await using var db = await factory.CreateDbContextAsync();
        await db.IdempotencyRecords.Where(r => r.User == user && r.Key == key && r.StatusCode == 0).ExecuteDeleteAsync();
    }
}
