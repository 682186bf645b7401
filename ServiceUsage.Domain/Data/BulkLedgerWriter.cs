using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MySqlConnector;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// The billing jobs' batch on MySQL, in one transaction: read the batch's orders with a locking read, charge
/// them, insert the rows with multi-row INSERTs and update the orders with one UPDATE per distinct outcome.
/// Concurrent writers (this run's or another run's) skip the orders it holds, so they never charge one order
/// twice; a few statements per batch instead of two per row. On any failure the transaction rolls back and nothing is kept.
/// </summary>
internal static class BulkLedgerWriter
{
    private const int RowsPerInsert = 1000;

    /// <param name="batchQuery">The due orders, limited to one batch.</param>
    /// <param name="charge">Charges one locked order: returns its rows and changes the order (RowVersion one past).</param>
    public static async Task<(int Orders, List<UsageRecord> Rows)> ChargeBatchAsync(
        ServiceUsageDbContext db,
        IQueryable<PurchaseOrder> batchQuery,
        Func<PurchaseOrder, CancellationToken, Task<List<UsageRecord>>> charge,
        CancellationToken ct)
    {
        try
        {
            // An EF transaction (not a bare ADO one) so the retrying execution strategy and interceptors see it.
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(token);
                var orders = await LockingReadInterceptor.ForUpdate(batchQuery.AsNoTracking()).ToListAsync(token);
                var rows = new List<UsageRecord>();
                foreach (var order in orders) rows.AddRange(await charge(order, token));
                if (orders.Count > 0)
                {
                    var connection = (MySqlConnection)db.Database.GetDbConnection();
                    var transaction = (MySqlTransaction)tx.GetDbTransaction();
                    for (var i = 0; i < rows.Count; i += RowsPerInsert)
                        await InsertAsync(connection, transaction, rows.Skip(i).Take(RowsPerInsert).ToList(), token);
                    await UpdateAsync(connection, transaction, orders, token);
                }
                await tx.CommitAsync(token);
                return (orders.Count, rows);
            }, ct);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            throw new BillingException(BillingError.Conflict, "A charge of this billing batch was already recorded; the batch was rolled back.");
        }
    }

    private static async Task InsertAsync(MySqlConnection connection, MySqlTransaction tx, List<UsageRecord> rows, CancellationToken ct)
    {
        var sql = new StringBuilder("INSERT INTO DF_USAGE_HISTORY (ORDER_ID, `USER`, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS) VALUES ");
        await using var command = new MySqlCommand { Connection = connection, Transaction = tx };
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            sql.Append(i == 0 ? "" : ",").Append($"(@o{i},@u{i},@k{i},@b{i},@e{i},@p{i},@d{i})");
            command.Parameters.AddWithValue($"@o{i}", r.OrderId);
            command.Parameters.AddWithValue($"@u{i}", r.User);
            command.Parameters.AddWithValue($"@k{i}", EnumNames.ToWire(r.Kind));
            command.Parameters.AddWithValue($"@b{i}", Literal(r.BeginTime));
            command.Parameters.AddWithValue($"@e{i}", Literal(r.EndTime));
            command.Parameters.AddWithValue($"@p{i}", r.Payment);
            command.Parameters.AddWithValue($"@d{i}", JsonSerializer.Serialize(r.OrderDetails, JsonColumn.Options));
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// One UPDATE per distinct outcome (a postpay batch has one: every order charged to the same hour), sent together.
    /// The rows are locked by the batch's read, so a plain id list is enough.
    /// </summary>
    private static async Task UpdateAsync(MySqlConnection connection, MySqlTransaction tx, IReadOnlyList<PurchaseOrder> orders, CancellationToken ct)
    {
        await using var command = new MySqlCommand { Connection = connection, Transaction = tx };
        var sql = new StringBuilder();
        command.Parameters.AddWithValue("@now", orders[0].UpdatedAt);
        var groups = orders.GroupBy(o => (o.ChargedUntil, o.EndTime, o.Status, o.PaidMonths)).ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            var (chargedUntil, endTime, status, paidMonths) = groups[g].Key;
            command.Parameters.AddWithValue($"@c{g}", chargedUntil);
            command.Parameters.AddWithValue($"@t{g}", endTime);
            command.Parameters.AddWithValue($"@s{g}", EnumNames.ToWire(status));
            command.Parameters.AddWithValue($"@m{g}", paidMonths);
            sql.Append($"UPDATE DF_PURCHASE_ORDER SET CHARGED_UNTIL = @c{g}, END_TIME = @t{g}, STATUS = @s{g}, PAID_MONTHS = @m{g}, ")
               .Append($"ROW_VERSION = ROW_VERSION + 1, UPDATED_AT = @now WHERE ORDER_ID IN ({InList(command, $"g{g}_", groups[g].Select(o => o.OrderId))});");
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    // A plain DATETIME(6) literal: the driver's default (a timestamp() call per value) costs the server more per row.
    private static string Literal(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static string InList(MySqlCommand command, string prefix, IEnumerable<string> ids)
    {
        var names = new List<string>();
        foreach (var id in ids)
        {
            var name = $"@{prefix}{names.Count}";
            command.Parameters.AddWithValue(name, id);
            names.Add(name);
        }
        return string.Join(",", names);
    }
}
