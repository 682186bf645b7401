using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Auth;

/// <summary>A token just created: the secret is shown once and never stored.</summary>
public sealed record CreatedApiToken(ApiToken Token, string Secret);

/// <summary>Creates, finds, lists and revokes API bearer tokens. Only a SHA-256 hash of a secret is kept.</summary>
public sealed class ApiTokenService(ServiceUsageDbContext db, TimeProvider clock)
{
    public const string SecretPrefix = "su_";

    public async Task<CreatedApiToken> CreateAsync(string user, string name, string role, CancellationToken ct = default)
    {
        InputRules.User(user);
        InputRules.TokenName(name);
        if (role is not ("tenant" or "admin"))
            throw new BillingException(BillingError.Invalid, "role must be 'tenant' or 'admin'.", "role");
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new ApiToken
        {
            User = user,
            Name = name.Trim(),
            Role = role,
            TokenHash = Hash(secret),
            Prefix = secret[..10],
            CreatedAt = BillingTime.Now(clock),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreatedApiToken(token, secret);
    }

    /// <summary>
    /// The live token with this secret, or null. Looked up by hash, so the comparison never sees the secret.
    /// Records when it was last used, at most once a minute (so a busy client does not write on every call).
    /// </summary>
    public async Task<ApiToken?> FindAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal)) return null;
        var hash = Hash(secret);
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, ct);
        var now = BillingTime.Now(clock);
        if (token is not null && (token.LastUsedAt is null || token.LastUsedAt < now.AddMinutes(-1)))
        {
            var stale = now.AddMinutes(-1);
            await db.ApiTokens.Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt < stale))
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), ct);
            token.LastUsedAt = now;
        }
        return token;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string? user, CancellationToken ct = default) =>
        await db.ApiTokens.AsNoTracking()
            .Where(t => user == null || t.User == user)
            .OrderByDescending(t => t.CreatedAt)
            .ToListAsync(ct);

    /// <summary>Revokes a token of <paramref name="user"/> (any user's when null). False when there is no such live token.</summary>
    public async Task<bool> RevokeAsync(long id, string? user, CancellationToken ct = default)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && (user == null || t.User == user), ct);
        if (token is null || token.RevokedAt is not null) return false;
        token.RevokedAt = BillingTime.Now(clock);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
