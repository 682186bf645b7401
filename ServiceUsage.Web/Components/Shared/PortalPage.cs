using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using ServiceUsage.Web.Auth;
using ServiceUsage.Web.Portal;

namespace ServiceUsage.Web.Components.Shared;

/// <summary>Base for portal pages: the signed-in user's name (the platform user) and role, and the per-operation runner.</summary>
public abstract class PortalPage : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject] protected PortalOperations Ops { get; set; } = default!;

    [Inject] protected MudBlazor.ISnackbar Snackbar { get; set; } = default!;

    [Inject] private UiText Text { get; set; } = default!;

    protected string UserName { get; private set; } = "";

    protected bool IsAdmin { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState).User;
        UserName = user.Identity?.Name ?? "";
        IsAdmin = user.IsInRole(Roles.Admin);
        // Prerendered, a failure goes to the error page (a 503 when the database is down); in the circuit it is a message.
        if (RendererInfo.IsInteractive) await TryAsync(LoadAsync);
        else await LoadAsync();
    }

    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>
    /// Runs an operation; a refused billing call becomes a snackbar with its reason, and false. So does a database that
    /// cannot be reached (requests fail fast, RequestFailFast): nothing was changed, and the circuit stays up.
    /// </summary>
    protected async Task<bool> TryAsync(Func<Task> work)
    {
        try
        {
            await work();
            return true;
        }
        catch (ServiceUsage.Domain.Billing.BillingException ex)
        {
            Snackbar.Add(PortalOperations.Describe(ex, Text), ex.Error == ServiceUsage.Domain.Billing.BillingError.Conflict ? MudBlazor.Severity.Warning : MudBlazor.Severity.Error);
            return false;
        }
        catch (ServiceUsage.Domain.Webhooks.WebhookException ex)
        {
            Snackbar.Add(PortalOperations.Describe(ex, Text), MudBlazor.Severity.Error);
            return false;
        }
        catch (Exception ex) when (ServiceUsage.Domain.Data.RequestFailFast.IsDatabaseUnavailable(ex))
        {
            Snackbar.Add(Text["The billing database cannot be reached just now; nothing was changed. Try again in a moment."], MudBlazor.Severity.Warning);
            return false;
        }
    }
}
