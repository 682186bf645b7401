using Microsoft.AspNetCore.Identity;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Web.Auth;

/// <summary>The roles, and on the demo database the users alice, bob (tenants) and admin.</summary>
public sealed partial class DemoUsers(UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, IConfiguration config, ILogger<DemoUsers> logger)
{
    public const string DefaultPassword = "Demo!2345";

    public async Task EnsureRolesAsync()
    {
        foreach (var role in new[] { Roles.Tenant, Roles.Admin })
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
    }

    public async Task SeedAsync()
    {
        var password = config["Demo:Password"] is { Length: > 0 } p ? p : DefaultPassword;
        foreach (var name in DemoData.Tenants) await EnsureUserAsync(name, password, Roles.Tenant);
        await EnsureUserAsync("admin", password, Roles.Admin);
    }

    private async Task EnsureUserAsync(string name, string password, string role)
    {
        if (await users.FindByNameAsync(name) is not null) return;
        var user = new IdentityUser(name);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            throw new InvalidOperationException($"Demo user '{name}' could not be created: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        await users.AddToRoleAsync(user, role);
        LogCreated(logger, name, role);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo user {User} ({Role}) created")]
    private static partial void LogCreated(ILogger logger, string user, string role);
}
