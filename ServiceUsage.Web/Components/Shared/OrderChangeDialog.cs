using Microsoft.AspNetCore.Components;
using MudBlazor;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Portal;

namespace ServiceUsage.Web.Components.Shared;

/// <summary>
/// What the upgrade and cancel dialogs share: a quote (dry run) first, then the confirmation. A prepay change confirms
/// the quote it showed (its instant, BILLING.md "Held quotes"), so the rows written are the rows quoted; when that quote
/// no longer holds the dialog quotes again and says why. A conflict (someone else changed the order) closes the dialog.
/// </summary>
public abstract class OrderChangeDialog : ComponentBase
{
    [CascadingParameter] protected IMudDialogInstance MudDialog { get; set; } = default!;
    [Parameter, EditorRequired] public PurchaseOrder Order { get; set; } = default!;
    [Parameter, EditorRequired] public OrderAccess Access { get; set; } = default!;
    [Inject] protected PortalOperations Ops { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;
    [Inject] private UiText Text { get; set; } = default!;

    protected OrderChange? Quote { get; private set; }
    protected bool Quoting { get; private set; }
    protected bool Busy { get; private set; }
    protected string? Error { get; set; }
    protected string? Notice { get; private set; }

    /// <summary>The change itself: a quote when <paramref name="dryRun"/>.</summary>
    protected abstract Task<OrderChange> ChangeAsync(OrderService orders, OrderAccess access, bool dryRun);

    /// <summary>The snackbar after a stored change.</summary>
    protected abstract string Done { get; }

    /// <summary>How a refusal reads in this dialog.</summary>
    protected virtual string Explain(BillingException ex) => PortalOperations.Describe(ex, Text);

    protected async Task QuoteAsync()
    {
        Quote = null;
        if (Error is not null) return;
        Quoting = true;
        try
        {
            Quote = await Ops.RunAsync(sp => ChangeAsync(sp.GetRequiredService<OrderService>(), Access, dryRun: true));
        }
        catch (BillingException ex)
        {
            Error = Explain(ex);
        }
        finally
        {
            Quoting = false;
        }
    }

    protected async Task ConfirmAsync()
    {
        if (Quote is null) return;
        Busy = true;
        var access = Order.Type == Domain.OrderType.Prepay ? Access with { QuoteTime = Quote.PricedAt } : Access;
        try
        {
            await Ops.RunAsync(sp => ChangeAsync(sp.GetRequiredService<OrderService>(), access, dryRun: false));
            Snackbar.Add(Done, Severity.Success);
            MudDialog.Close(DialogResult.Ok(true));
        }
        catch (BillingException ex) when (ex.Error == BillingError.QuoteExpired)
        {
            Notice = Text["That quote no longer held (it was more than 5 minutes old, or the order changed). Here is a new one: check it and confirm again."];
            await QuoteAsync();
        }
        catch (BillingException ex)
        {
            Snackbar.Add(Explain(ex), ex.Error == BillingError.Conflict ? Severity.Warning : Severity.Error);
            if (ex.Error == BillingError.Conflict) MudDialog.Close(DialogResult.Ok(BillingError.Conflict));
            else Error = Explain(ex);
        }
        finally
        {
            Busy = false;
        }
    }
}
