namespace ServiceUsage.Domain.Data;

/// <summary>Hand-written SQL that migrations of both providers run (the same text is valid on MySQL and SQLite).</summary>
internal static class MigrationSql
{
    /// <summary>
    /// Runs recorded before outcomes existed: the old shutdown message means cancelled, another error failed, no end
    /// abandoned (its host died mid-run). Safe to run again.
    /// </summary>
    public const string BillingRunOutcomes =
        "UPDATE SU_BILLING_RUN SET Outcome = CASE WHEN Error LIKE 'Cancelled%' THEN 'cancelled' WHEN Error IS NOT NULL THEN 'failed' " +
        "WHEN EndedAt IS NULL THEN 'abandoned' ELSE 'succeeded' END WHERE Outcome = '';";
}
