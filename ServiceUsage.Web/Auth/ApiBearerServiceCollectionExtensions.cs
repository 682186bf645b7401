using ServiceUsage.Web.Configuration;

namespace ServiceUsage.Web.Auth;

public static class ApiBearerServiceCollectionExtensions
{
    public const string AdminTokenVariable = "SERVICEUSAGE_ADMIN_TOKEN";
    public const string AdminUsersVariable = "SERVICEUSAGE_ADMIN_USERS";

    /// <summary>The API's bearer scheme. A too-short admin token stops start-up naming the variable.</summary>
    public static WebApplicationBuilder AddServiceUsageBearer(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var adminToken = config[AdminTokenVariable];
        if (string.IsNullOrEmpty(adminToken)) adminToken = null;
        else if (adminToken.Length < ApiBearerOptions.MinAdminTokenLength)
            throw new InvalidOperationException(
                $"Configuration error: {AdminTokenVariable} must be at least {ApiBearerOptions.MinAdminTokenLength} characters (a long random secret).");
        var adminUsers = AdminUsers(config);
        var dataFoundry = PlatformSettings.Resolve(config).DataFoundryHost;

        builder.Services.AddMemoryCache();
        builder.Services.AddHttpClient(DataFoundryUsers.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<DataFoundryUsers>();
        builder.Services.AddAuthentication()
            .AddScheme<ApiBearerOptions, ApiBearerHandler>(ApiBearerDefaults.Scheme, o =>
            {
                o.AdminToken = adminToken;
                o.DataFoundryHost = dataFoundry;
                o.AdminUsers = adminUsers;
            });
        return builder;
    }

    /// <summary>SERVICEUSAGE_ADMIN_USERS: DataFoundry users who are admins, on the API and in the portal (names compare exactly).</summary>
    public static HashSet<string> AdminUsers(IConfiguration config) =>
        new((config[AdminUsersVariable] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
}
