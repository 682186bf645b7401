namespace ServiceUsage.Web.Jobs;

/// <summary>Constant Hangfire recurring-job ids (also the names in SU_BILLING_RUN.Job).</summary>
public static class JobIds
{
    public const string PostpayBilling = "postpay-billing";
    public const string PrepayLifecycle = "prepay-lifecycle";
    public const string Housekeeping = "housekeeping";
    public const string Statements = "statements";
}
