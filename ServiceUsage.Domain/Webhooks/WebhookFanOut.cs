using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>
/// Creates a delivery for every numbered event an enabled endpoint wants, in sequence order. Each endpoint keeps a
/// cursor (the last sequence considered); one pass per endpoint is one transaction of at most
/// <see cref="WebhookOptions.FanOutBatch"/> events, and moves the cursor only if no other host moved it first (the
/// unique (endpoint, event) key backs that up). Every sequence up to the largest one read has committed (the
/// sequencer numbers in committed batches), so the cursor never passes an event still to come.
/// </summary>
public sealed class WebhookFanOut(IDbContextFactory<ServiceUsageDbContext> contexts, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var last = await LastSequenceAsync(db, ct);
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.Enabled && e.Cursor < last).OrderBy(e => e.Cursor).ThenBy(e => e.Id).Take(options.Value.EndpointsPerRun)
            .ToListAsync(ct);
        var created = 0;
        foreach (var endpoint in endpoints) created += await FanOutAsync(endpoint, last, ct);
        return created;
    }

    public static async Task<long> LastSequenceAsync(ServiceUsageDbContext db, CancellationToken ct) =>
        await db.Events.MaxAsync(e => e.Sequence, ct) ?? 0;

    /// <summary>
    /// One pass for one endpoint: the next <see cref="WebhookOptions.FanOutBatch"/> sequence numbers (they are gapless)
    /// become deliveries with one INSERT … SELECT, and the cursor moves past them, in one transaction.
    /// </summary>
    private async Task<int> FanOutAsync(WebhookEndpoint endpoint, long last, CancellationToken ct)
    {
        var to = Math.Min(last, endpoint.Cursor + options.Value.FanOutBatch);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (sql, parameters) = InsertSql(db, endpoint, to, BillingTime.Now(clock));
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var moved = await db.WebhookEndpoints.Where(e => e.Id == endpoint.Id && e.Cursor == endpoint.Cursor)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Cursor, to), token);
            if (moved == 0) return 0; // another host fanned this endpoint out first
            var created = await db.Database.ExecuteSqlRawAsync(sql, parameters, token);
            await tx.CommitAsync(token);
            return created;
        }, ct);
    }

    private static (string Sql, object[] Parameters) InsertSql(ServiceUsageDbContext db, WebhookEndpoint endpoint, long to, DateTime now)
    {
        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        var (d, e) = (new LedgerTables.Table<WebhookDelivery>(db.Model, sqlHelper), LedgerTables.For(db).Events);
        // Values as stored (through the model's converters: SQLite keeps times as ticks).
        var parameters = new List<object>
        {
            endpoint.Id, d[x => x.Status].Store(WebhookDeliveryStatus.Pending)!, d[x => x.CreatedAt].Store(now)!, endpoint.Cursor, to,
        };
        var sql = new StringBuilder($"INSERT INTO {d.Name} ({d[x => x.EndpointId].Name}, {d[x => x.EventId].Name}, {d[x => x.Sequence].Name}, " +
            $"{d[x => x.EventType].Name}, {d[x => x.EventAt].Name}, {d[x => x.Status].Name}, {d[x => x.Attempts].Name}, {d[x => x.CreatedAt].Name}) " +
            $"SELECT {{0}}, {e[x => x.Id].Name}, {e[x => x.Sequence].Name}, {e[x => x.Type].Name}, {e[x => x.Time].Name}, {{1}}, 0, {{2}} FROM {e.Name} " +
            $"WHERE {e[x => x.Sequence].Name} > {{3}} AND {e[x => x.Sequence].Name} <= {{4}}");
        if (endpoint.Owner is { } owner)
        {
            sql.Append($" AND {e[x => x.User].Name} = {{{parameters.Count}}}");
            parameters.Add(owner);
        }
        if (endpoint.Types is { Count: > 0 } types)
        {
            sql.Append($" AND {e[x => x.Type].Name} IN (");
            sql.AppendJoin(", ", types.Select((t, i) => $"{{{parameters.Count + i}}}"));
            sql.Append(')');
            parameters.AddRange(types);
        }
        return (sql.ToString(), [.. parameters]);
    }
}
