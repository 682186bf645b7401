using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// A billing batch on MySQL: the orders come from a locking read (<c>FOR UPDATE SKIP LOCKED</c>, so concurrent writers
/// take different orders and never charge one twice), rows leave in multi-row INSERTs of <see cref="RowsPerInsert"/>
/// as they are charged (memory holds two INSERTs, the one running and the one filling, never a batch), and the orders
/// are updated with one UPDATE per distinct outcome. A few statements per thousand rows instead of two per row.
/// Names and stored values come from the EF model.
/// </summary>
internal sealed class BulkLedgerWriter(ServiceUsageDbContext db, IDbContextTransaction transaction) : LedgerBatch(db, transaction)
{
    public const int RowsPerInsert = 2000;

    private readonly LedgerTables _tables = LedgerTables.For(db);
    private readonly List<UsageRecord> _pending = new(RowsPerInsert);
    private readonly MySqlCommand?[] _full = new MySqlCommand?[2];
    private readonly (object? Value, object? Stored)[] _last = new (object?, object?)[LedgerTables.For(db).Usage.Insertable.Count];
    private (MySqlCommand Command, Task Running)? _sending;
    private int _turn;

    public override Task<List<PurchaseOrder>> ReadOrdersAsync(IQueryable<PurchaseOrder> batch, CancellationToken ct) =>
        LockingReadInterceptor.ForUpdate(batch.AsNoTracking()).ToListAsync(ct);

    public override async ValueTask AddAsync(UsageRecord row, CancellationToken ct)
    {
        _pending.Add(row);
        if (_pending.Count == RowsPerInsert) await FlushAsync(ct);
    }

    protected override async Task WriteAsync(IReadOnlyList<PurchaseOrder> changed, CancellationToken ct)
    {
        await FlushAsync(ct);
        await DrainAsync();
        if (changed.Count > 0) await UpdateAsync(changed, ct);
    }

    /// <summary>
    /// Sends the buffered rows as one INSERT and returns while the server runs it, so the next rows are charged and
    /// the next INSERT filled meanwhile; a connection runs one statement at a time, so the previous one is awaited first.
    /// </summary>
    private async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0) return;
        var command = Fill();
        _pending.Clear();
        await DrainAsync();
        _sending = (command, InsertAsync(command, ct));
    }

    private async Task DrainAsync()
    {
        if (_sending is not { } sending) return;
        _sending = null;
        await sending.Running;
        if (sending.Command.Parameters.Count != RowsPerInsert * _tables.Usage.Insertable.Count) await sending.Command.DisposeAsync();
    }

    /// <summary>
    /// The INSERT for the buffered rows. Full ones reuse two commands in turn (one runs while the other fills): the
    /// same text and parameter objects, new values, so a catch-up of millions of rows allocates per row only its values.
    /// </summary>
    private MySqlCommand Fill()
    {
        var columns = _tables.Usage.Insertable;
        MySqlCommand command;
        if (_pending.Count == RowsPerInsert)
        {
            _turn = 1 - _turn;
            command = _full[_turn] ??= Prepared(RowsPerInsert);
        }
        else command = Prepared(_pending.Count);
        var parameters = command.Parameters;
        for (var i = 0; i < _pending.Count; i++)
            for (var c = 0; c < columns.Count; c++)
            {
                // An order's rows repeat most values (its id, user, snapshot): convert each (the JSON) once per run of equals.
                var value = columns[c].Get(_pending[i]);
                if (!Equals(value, _last[c].Value)) _last[c] = (value, columns[c].Store(value));
                parameters[i * columns.Count + c].Value = _last[c].Stored;
            }
        return command;
    }

    private MySqlCommand Prepared(int rows)
    {
        var command = Command();
        command.CommandText = _tables.Usage.InsertSql(rows);
        for (var p = 0; p < rows * _tables.Usage.Insertable.Count; p++) command.Parameters.Add(new MySqlParameter());
        return command;
    }

    private static async Task InsertAsync(MySqlCommand command, CancellationToken ct)
    {
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            throw new BillingException(BillingError.Conflict, "A charge of this billing batch was already recorded; the batch was rolled back.");
        }
    }

    /// <summary>An INSERT still running when the batch is abandoned (an error, a cancel) ends before the rollback.</summary>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await DrainAsync();
        }
        catch (Exception ex) when (ex is MySqlException or BillingException or OperationCanceledException or InvalidOperationException)
        {
            // The batch failed already and rolls back whole; what this INSERT says adds nothing.
        }
        foreach (var command in _full) if (command is not null) await command.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>
    /// One UPDATE per distinct outcome (a postpay batch charged to one hour has one), sent together. The orders are
    /// locked by the batch's read, so a plain id list is enough. ROW_VERSION moves by one, as the orders say.
    /// </summary>
    private async Task UpdateAsync(IReadOnlyList<PurchaseOrder> orders, CancellationToken ct)
    {
        var orderTable = _tables.Orders;
        var set = new[]
        {
            orderTable[o => o.ChargedUntil], orderTable[o => o.EndTime], orderTable[o => o.Status],
            orderTable[o => o.PaidMonths], orderTable[o => o.UpdatedAt],
        };
        var (id, version) = (orderTable[o => o.OrderId], orderTable[o => o.RowVersion]);
        await using var command = Command();
        var sql = new StringBuilder();
        var groups = orders.GroupBy(o => string.Join('|', set.Select(c => c.Value(o)))).ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            var first = groups[g].First();
            sql.Append($"UPDATE {orderTable.Name} SET ");
            for (var c = 0; c < set.Length; c++)
            {
                sql.Append($"{set[c].Name} = @s{g}_{c}, ");
                command.Parameters.AddWithValue($"@s{g}_{c}", set[c].Value(first));
            }
            var ids = groups[g].Select((o, i) =>
            {
                command.Parameters.AddWithValue($"@g{g}_{i}", id.Value(o));
                return $"@g{g}_{i}";
            });
            sql.Append($"{version.Name} = {version.Name} + 1 WHERE {id.Name} IN ({string.Join(",", ids)});");
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    private MySqlCommand Command() => new()
    {
        Connection = (MySqlConnection)Db.Database.GetDbConnection(),
        Transaction = (MySqlTransaction)Transaction.GetDbTransaction(),
    };
}
