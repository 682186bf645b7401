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
        await LoadAsync();
    }

    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs an operation; a refused billing call becomes a snackbar with its reason, and false.</summary>
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
    }
}
