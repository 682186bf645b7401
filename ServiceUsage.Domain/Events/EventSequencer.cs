using System.Data;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Domain.Events;

/// <summary>
/// Numbers committed events (docs/adr/0011). Insert keys are taken at insert and transactions commit in another order,
/// so a reader paging by key could pass an event that commits late. Instead one sequencer at a time (MySQL: GET_LOCK;
/// SQLite: its single writer) gives the committed, unnumbered events the next sequence numbers in insert-key order, in
/// transactions of <see cref="BatchSize"/>; the feed shows numbered events only. A late commit is simply numbered by a
/// later pass, after everything already shown: <c>after=</c> never skips one.
/// </summary>
public sealed partial class EventSequencer(IDbContextFactory<ServiceUsageDbContext> contexts, ILogger<EventSequencer> logger)
{
    public const int BatchSize = 1000;

    /// <summary>How long a pass waits for another sequencer before leaving the work to it.</summary>
    private const int LockWaitSeconds = 10;

    /// <summary>Numbers what is committed and not numbered yet, at most <paramref name="maxBatches"/> transactions; returns how many.</summary>
    public async Task<int> SequenceAsync(int maxBatches = int.MaxValue, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var mySql = db.Database.IsMySql();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (mySql && !await LockAsync(db, "GET_LOCK({0}, " + LockWaitSeconds + ")", ct))
            {
                LogBusy(logger);
                return 0;
            }
            var total = 0;
            for (var batch = 0; batch < maxBatches; batch++)
            {
                var numbered = await SequenceBatchAsync(db, mySql, ct);
                total += numbered;
                if (numbered < BatchSize) break;
            }
            if (total > 0) LogNumbered(logger, total);
            return total;
        }
        finally
        {
            if (mySql) await LockAsync(db, "RELEASE_LOCK({0})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<bool> LockAsync(ServiceUsageDbContext db, string call, CancellationToken ct)
    {
        // Lock names are server-wide: the database's name keeps two deployments on one server apart.
        var name = $"serviceusage:{db.Database.GetDbConnection().Database}:events";
        var result = await db.Database.SqlQueryRaw<long?>("SELECT " + call + " AS `Value`", name[..Math.Min(64, name.Length)]).SingleAsync(ct);
        return result == 1;
    }

    private static Task<int> SequenceBatchAsync(ServiceUsageDbContext db, bool mySql, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            // READ COMMITTED: reads see what has committed, and nothing waits on a batch still being written.
            await using var tx = mySql
                ? await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, token)
                : await db.Database.BeginTransactionAsync(token);
            var keys = await db.Events.Where(e => e.Sequence == null).OrderBy(e => e.Key).Select(e => e.Key).Take(BatchSize).ToListAsync(token);
            if (keys.Count == 0) return 0;
            var last = await db.Events.MaxAsync(e => e.Sequence, token) ?? 0;
            var table = LedgerTables.For(db).Events;
            var (key, sequence) = (table[e => e.Key].Name, table[e => e.Sequence].Name);
            // Keys and numbers are integers the database gave: written as literals, nothing from input.
            var sql = new StringBuilder($"UPDATE {table.Name} SET {sequence} = CASE {key}");
            for (var i = 0; i < keys.Count; i++)
                sql.Append(CultureInfo.InvariantCulture, $" WHEN {keys[i]} THEN {last + i + 1}");
            sql.Append(CultureInfo.InvariantCulture, $" END WHERE {key} IN ({string.Join(",", keys.Select(k => k.ToString(CultureInfo.InvariantCulture)))})");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), token);
            await tx.CommitAsync(token);
            return keys.Count;
        }, ct);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Numbered {Count} events")]
    private static partial void LogNumbered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another event sequencer is busy; this pass leaves the numbering to it")]
    private static partial void LogBusy(ILogger logger);
}
