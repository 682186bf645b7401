using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Domain.Events;

/// <summary>
/// Records events in the caller's transaction (docs/adr/0011): <see cref="Add"/> tracks one, saved by the caller's
/// SaveChanges; <see cref="InsertAsync"/> sends many at once with multi-row INSERTs in the context's current
/// transaction (a billing batch, a statement batch). Either way the event commits or rolls back with the change.
/// The id is derived from what happened, so writing the same occurrence again is refused by the unique key.
/// </summary>
public static class EventOutbox
{
    /// <summary><c>evt_</c> and 32 URL-safe characters.</summary>
    public const int IdLength = 36;

    /// <summary>Rows per INSERT: 6 parameters a row stays far below both databases' parameter limits.</summary>
    private const int RowsPerInsert = 500;

    /// <summary>
    /// The event id of an occurrence: <paramref name="idKey"/> names it within its type (an order id, with the new
    /// END_TIME for a renewal; a statement number; a budget's user, month and threshold).
    /// </summary>
    public static string IdOf(string type, string idKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(type + "\n" + idKey));
        return "evt_" + Convert.ToBase64String(hash, 0, 24).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>An event not yet stored; <paramref name="data"/> is written as the API writes it (<see cref="WireJson"/>).</summary>
    public static EventRecord Create(string type, string user, string idKey, object data, DateTime time) => new()
    {
        Id = IdOf(type, idKey),
        Type = type,
        User = user,
        Time = Time.BillingTime.Normalize(time),
        Data = JsonSerializer.Serialize(data, data.GetType(), WireJson.Options),
    };

    /// <summary>Tracks an event; the caller's SaveChanges stores it with the change it tells of.</summary>
    public static EventRecord Add(ServiceUsageDbContext db, string type, string user, string idKey, object data, DateTime time)
    {
        var record = Create(type, user, idKey, data, time);
        db.Events.Add(record);
        return record;
    }

    /// <summary>
    /// Inserts the events now, in the context's current transaction, a few hundred per statement. An event already
    /// recorded is a <see cref="BillingError.Conflict"/> (the transaction must roll back: its change happened before).
    /// </summary>
    public static async Task InsertAsync(ServiceUsageDbContext db, IReadOnlyCollection<EventRecord> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        var table = LedgerTables.For(db).Events;
        var columns = table.Insertable;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var chunk in events.Chunk(RowsPerInsert))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO {table.Name} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ");
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ",(");
                for (var c = 0; c < columns.Count; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@e{r}_{c}";
                    parameter.Value = columns[c].Value(chunk[r]) ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                    sql.Append(c == 0 ? parameter.ParameterName : "," + parameter.ParameterName);
                }
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            try
            {
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (DbException ex) when (ex is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry } or SqliteException { SqliteErrorCode: 19 })
            {
                throw new BillingException(BillingError.Conflict, "An event of this change was already recorded; the change was rolled back.");
            }
        }
    }
}
