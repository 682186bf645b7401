namespace ServiceUsage.Domain.Billing;

/// <summary>How a billing run ended (<c>running</c> until it does).</summary>
public enum BillingRunOutcome
{
    /// <summary>Under way, or its host died before it could say otherwise (the next run of its lock marks it abandoned).</summary>
    Running,
    Succeeded,

    /// <summary>Stopped by an error (the reason is in <see cref="BillingRun.Error"/>), also when its lock could not be taken.</summary>
    Failed,

    /// <summary>Stopped by a shutdown: the counts are what it committed; the next run does the rest.</summary>
    Cancelled,

    /// <summary>Its host went away mid-run without a final record (kill -9, lost node); found by the next run.</summary>
    Abandoned,
}

/// <summary>
/// One run of a billing job (SU_BILLING_RUN). Written before the run starts; each committed batch adds its counts in
/// its own transaction, so the counts are always what the run has committed, however it ended.
/// </summary>
public sealed class BillingRun
{
    public long Id { get; set; }
    public required string Job { get; set; }

    /// <summary>The process that ran it (machine and process id).</summary>
    public string? Host { get; set; }

    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>The instant the run charged up to.</summary>
    public DateTime AsOf { get; set; }

    public BillingRunOutcome Outcome { get; set; }

    /// <summary>Order charges committed (an order charged over several transactions counts once per transaction).</summary>
    public int OrdersSeen { get; set; }

    public int RowsCharged { get; set; }
    public decimal MoneyCharged { get; set; }
    public string? Error { get; set; }

    /// <summary>What an operation reports beyond the counts (a ledger repair's holes filled and left).</summary>
    public string? Report { get; set; }
}

/// <summary>The billing operations that keep run records, and which job lock each runs under.</summary>
public static class BillingJobs
{
    public const string PostpayBilling = "postpay-billing";
    public const string PrepayLifecycle = "prepay-lifecycle";

    /// <summary>"Re-run billing from T": writes postpay rows, so it holds the postpay job's lock.</summary>
    public const string LedgerRepair = "ledger-repair";

    /// <summary>Closes tenants' months (Domain/Statements); its run record counts tenants, statements and their money.</summary>
    public const string Statements = "statements";

    public static string LockOf(string job) => job == LedgerRepair ? PostpayBilling : job;

    /// <summary>The jobs whose runs hold <paramref name="lockName"/>.</summary>
    public static string[] Holding(string lockName) =>
        lockName == PostpayBilling ? [PostpayBilling, LedgerRepair] : [lockName];
}
