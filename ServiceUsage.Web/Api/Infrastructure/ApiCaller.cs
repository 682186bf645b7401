using System.Security.Claims;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>Who is calling, and which users they may ask about (the rule itself is <see cref="Ownership"/>).</summary>
public sealed record ApiCaller(string User, bool IsAdmin)
{
    public static ApiCaller From(ClaimsPrincipal principal) =>
        new(principal.Identity?.Name ?? throw new InvalidOperationException("An authenticated caller has a name."),
            principal.IsInRole(Roles.Admin));

    /// <summary>A tenant: its own orders only. An admin: any. With the ETag read and a held quote's instant, if sent.</summary>
    public OrderAccess Access(int? expectedRowVersion = null, DateTime? quoteTime = null) =>
        new(IsAdmin ? null : User, expectedRowVersion, quoteTime);

    /// <summary>The user a request is about: the caller by default; another user only for admins (else 403).</summary>
    public string ResolveUser(string? requested, string field = "user")
    {
        if (requested is null) return User;
        InputRules.User(requested, field);
        if (!Access().MaySee(requested)) throw ApiProblemException.NotYours(field);
        return requested;
    }
}
