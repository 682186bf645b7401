using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Jobs;

/// <summary>Constant Hangfire recurring-job ids (the billing ones are also the names in SU_BILLING_RUN.Job).</summary>
public static class JobIds
{
    public const string PostpayBilling = BillingJobs.PostpayBilling;
    public const string PrepayLifecycle = BillingJobs.PrepayLifecycle;
    public const string Housekeeping = "housekeeping";
    public const string Statements = BillingJobs.Statements;
    public const string EventSequencing = "event-sequencing";
    public const string WebhookDelivery = "webhook-delivery";
    public const string BudgetWatch = "budget-watch";
}
