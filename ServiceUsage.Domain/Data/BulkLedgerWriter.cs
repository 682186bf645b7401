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
/// as they are charged (memory holds one INSERT, never a batch), and the orders are updated with one UPDATE per
/// distinct outcome. A few statements per thousand rows instead of two per row. Names come from the EF model.
/// </summary>
internal sealed class BulkLedgerWriter(ServiceUsageDbContext db, IDbContextTransaction transaction) : LedgerBatch(db, transaction)
{
    public const int RowsPerInsert = 1000;

    private readonly LedgerTables _tables = LedgerTables.For(db);
    private readonly List<UsageRecord> _pending = new(RowsPerInsert);

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
        if (changed.Count > 0) await UpdateAsync(changed, ct);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0) return;
        var columns = _tables.Usage.Insertable;
        await using var command = Command();
        var sql = new StringBuilder($"INSERT INTO {_tables.Usage.Name} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ");
        for (var i = 0; i < _pending.Count; i++)
        {
            sql.Append(i == 0 ? "(" : ",(");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = $"@v{i}_{c}";
                sql.Append(c == 0 ? name : "," + name);
                command.Parameters.AddWithValue(name, columns[c].Value(_pending[i]));
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        _pending.Clear();
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            throw new BillingException(BillingError.Conflict, "A charge of this billing batch was already recorded; the batch was rolled back.");
        }
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
