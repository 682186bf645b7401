using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Operations;

/// <summary>
/// <c>dotnet ServiceUsage.Web.dll rollups backfill|check</c>: the daily rollups' maintenance (ADR 0014) with the host's
/// configuration, without serving. <c>backfill</c> rebuilds every order's rollups from the ledger in bounded
/// transactions (the one-time fill after the <c>DailyRollups</c> migration; safe while the host runs);
/// <c>check</c> lists the days where a rollup and the ledger disagree and exits 1 if there is any.
/// </summary>
public static class RollupCommand
{
    public static bool Requested(string[] args) => args.Length >= 2 && args[0] == "rollups";

    /// <summary>The arguments the host's configuration should see (the command's own two removed).</summary>
    public static string[] HostArgs(string[] args) => Requested(args) ? args[2..] : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var maintenance = scope.ServiceProvider.GetRequiredService<DailyRollupMaintenance>();
        switch (args[1])
        {
            case "backfill":
                var run = await maintenance.BackfillAsync();
                Console.WriteLine(run is null ? "A backfill is already running." : run.Report);
                return run is null ? 1 : 0;
            case "check":
                var differences = await maintenance.CheckAsync();
                foreach (var difference in differences) Console.WriteLine(difference);
                Console.WriteLine(differences.Count == 0 ? "The daily rollups equal the ledger." : $"{differences.Count} days differ (at most 100 are listed).");
                return differences.Count == 0 ? 0 : 1;
            default:
                Console.Error.WriteLine("Usage: rollups backfill|check");
                return 2;
        }
    }
}
