using Hangfire.Dashboard;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Web.Jobs;

/// <summary>
/// The dashboard is for signed-in admins (portal cookie). Hangfire answers 401 to anonymous callers and 403 to
/// signed-in users this refuses.
/// </summary>
public sealed class AdminDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public const string OperatorClaim = "billing-operator";

    public Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return Task.FromResult(user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin));
    }

    /// <summary>Admins without the billing-operator claim may look but not trigger, retry or delete jobs.</summary>
    public static bool IsReadOnly(DashboardContext context) =>
        !context.GetHttpContext().User.HasClaim(c => c.Type == OperatorClaim);
}
