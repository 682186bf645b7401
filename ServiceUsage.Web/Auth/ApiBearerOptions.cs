using Microsoft.AspNetCore.Authentication;

namespace ServiceUsage.Web.Auth;

public static class ApiBearerDefaults
{
    public const string Scheme = "ApiBearer";
}

/// <summary>What the bearer scheme accepts besides portal-issued API tokens.</summary>
public sealed class ApiBearerOptions : AuthenticationSchemeOptions
{
    public const int MinAdminTokenLength = 32;

    /// <summary>SERVICEUSAGE_ADMIN_TOKEN: a platform admin when presented; null when not set.</summary>
    public string? AdminToken { get; set; }

    /// <summary>The user name the admin token acts as.</summary>
    public string AdminTokenUser { get; set; } = "platform-admin";

    /// <summary>DATAFOUNDRY_HOST_ADDR: DataFoundry tokens are accepted when set.</summary>
    public Uri? DataFoundryHost { get; set; }

    /// <summary>SERVICEUSAGE_ADMIN_USERS: DataFoundry users who are admins.</summary>
    public HashSet<string> AdminUsers { get; set; } = new(StringComparer.Ordinal);
}
