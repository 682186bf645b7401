using Bunit;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Web.Components.Pages.Admin;

namespace ServiceUsage.Tests.Portal;

/// <summary>The admin Billing page says how each run ended, with what it committed.</summary>
public sealed class AdminBillingPageTests : PortalTestContext
{
    [Fact]
    public async Task Runs_show_their_outcome_and_committed_counts()
    {
        await using (var db = Database.NewContext())
        {
            db.BillingRuns.AddRange(
                Run(BillingRunOutcome.Succeeded, 1, rows: 40),
                Run(BillingRunOutcome.Cancelled, 2, rows: 288_000),
                Run(BillingRunOutcome.Abandoned, 3, rows: 1_500));
            await db.SaveChangesAsync();
        }

        var page = Render<AdminBilling>();

        page.WaitForAssertion(() => Assert.Equal(
            ["succeeded", "cancelled", "abandoned"], page.FindAll("[data-testid=run-outcome]").Select(c => c.TextContent.Trim())));
        Assert.Contains("288000", page.Find("[data-testid=runs]").TextContent.Replace(",", ""));
    }

    private static BillingRun Run(BillingRunOutcome outcome, int hoursAgo, int rows) => new()
    {
        Job = BillingJobs.PostpayBilling, Outcome = outcome, RowsCharged = rows,
        StartedAt = Start.AddHours(-hoursAgo), AsOf = Start.AddHours(-hoursAgo), EndedAt = Start.AddHours(-hoursAgo).AddMinutes(5),
    };
}
