using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Portal;

/// <summary>
/// Runs one portal operation in its own DI scope, so a circuit never holds a DbContext between events and two
/// concurrent events never share one (the scoped context comes from the pooled factory).
/// </summary>
public sealed class PortalOperations(IServiceScopeFactory scopes)
{
    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task RunAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>The message a page shows for a refused billing call (see <see cref="PortalText.Describe"/>).</summary>
    public static string Describe(BillingException ex, UiText t) => PortalText.Describe(ex, t);

    /// <summary>The message a page shows for a refused webhook call.</summary>
    public static string Describe(ServiceUsage.Domain.Webhooks.WebhookException ex, UiText t) => PortalText.Describe(ex, t);
}
